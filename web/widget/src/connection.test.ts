import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  liveUrl,
  MAX_DELAY_MS,
  WidgetConnection,
  type ConnectionState,
  type HttpAnswer,
  type SocketLike,
} from './connection';
import type { Message, ServerFrame } from './protocol';
import { memoryStore, openStorage, type WidgetStorage } from './storage';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: Record<string, unknown>[] = [];

  constructor(readonly url: string, private readonly log: string[]) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
    this.log.push(`send ${data}`);
  }

  close(): void {}

  open(): void {
    this.onopen?.({});
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(): void {
    this.onerror?.({});
    this.onclose?.({});
  }

  messages(): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.type === 'message');
  }
}

/** Timers that run only when the test says so. */
class FakeTimers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();

  set = (callback: () => void, ms: number): unknown => {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return id;
  };

  clear = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Runs the timers set for exactly `ms`. */
  fire(ms: number): void {
    for (const [id, timer] of [...this.pending]) {
      if (timer.ms === ms) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }

  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((timer) => timer.callback());
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function answer(status: number, body: unknown = {}): HttpAnswer {
  return { status, json: async () => body };
}

function stored(clientId: string): Message {
  return {
    id: `msg_${clientId}`,
    clientId,
    direction: 'inbound',
    text: 'hi',
    image: null,
    file: null,
    status: 'sent',
    createdAt: '2025-01-01T10:00:00.000Z',
  };
}

interface Options {
  storage?: WidgetStorage;
  random?: number;
  sessions?: (() => HttpAnswer | Promise<HttpAnswer>)[];
}

function setup(options: Options = {}) {
  const log: string[] = [];
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const states: ConnectionState[] = [];
  const frames: ServerFrame[] = [];
  const requests: Record<string, unknown>[] = [];
  const clock = { now: 1_000_000 };
  let clientIds = 0;
  const storage = options.storage ?? openStorage('chn_1', false, { sessionStorage: memoryStore() });
  const sessions = options.sessions ?? [];
  const connection = new WidgetConnection({
    origin: 'https://parley.example',
    channel: 'chn_1',
    storage,
    post: async (url, init) => {
      const body = JSON.parse(init.body) as Record<string, unknown>;
      requests.push(body);
      log.push(`post ${url}`);
      const next = sessions.shift();
      return next ? next() : answer(200, { visitorToken: 'vt_1', config: {}, messages: [] });
    },
    createSocket: (url) => {
      const socket = new FakeSocket(url, log);
      sockets.push(socket);
      return socket;
    },
    setTimer: timers.set,
    clearTimer: timers.clear,
    now: () => clock.now,
    random: () => options.random ?? 0.5,
    newClientId: () => `c_${++clientIds}`,
    onState: (state) => states.push(state),
    onSession: () => log.push('session'),
    onFrame: (frame) => frames.push(frame),
  });
  const last = () => sockets[sockets.length - 1];
  // Connects (session, socket, open) and waits for it.
  const connect = async () => {
    await flush();
    last().open();
  };
  return { connection, storage, sockets, timers, states, frames, requests, clock, log, last, connect };
}

describe('backoffDelay', () => {
  it('starts at 0.5 s, doubles, stops at 30 s, and jitters within the upper half', () => {
    let previousCeiling = 0;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const ceiling = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt);
      const low = backoffDelay(attempt, 0);
      const high = backoffDelay(attempt, 0.999999);
      expect(low).toBe(ceiling / 2);
      expect(high).toBeLessThanOrEqual(ceiling);
      expect(high).toBeGreaterThan(ceiling * 0.99);
      expect(ceiling).toBeGreaterThanOrEqual(previousCeiling);
      previousCeiling = ceiling;
    }
    expect(backoffDelay(0, 0.5)).toBe(375);
    expect(backoffDelay(100, 0.999999)).toBeLessThanOrEqual(MAX_DELAY_MS);
  });
});

describe('liveUrl', () => {
  it('turns http(s) into ws(s) and escapes the query', () => {
    expect(liveUrl('https://p.example', 'chn_1', 'vt_a+b')).toBe(
      'wss://p.example/api/v1/widget/live?channel=chn_1&token=vt_a%2Bb',
    );
    expect(liveUrl('http://127.0.0.1:8080', 'chn_1', 'vt')).toMatch(/^ws:\/\/127\.0\.0\.1:8080\//);
  });
});

describe('WidgetConnection', () => {
  it('creates a session, keeps the token and opens the socket with it', async () => {
    const { connection, requests, storage, last, connect, states } = setup();
    connection.start();
    await connect();
    expect(requests).toEqual([{ channel: 'chn_1' }]);
    expect(storage.load().token).toBe('vt_1');
    expect(last().url).toBe('wss://parley.example/api/v1/widget/live?channel=chn_1&token=vt_1');
    expect(states).toEqual(['connecting', 'open']);
  });

  it('sends the stored token when it creates the session again', async () => {
    const storage = openStorage('chn_1', false, { sessionStorage: memoryStore() });
    storage.save({ token: 'vt_old', outbox: [] });
    const { connection, requests } = setup({ storage });
    connection.start();
    await flush();
    expect(requests).toEqual([{ channel: 'chn_1', visitorToken: 'vt_old' }]);
  });

  it('waits longer after every failed attempt, within the jitter bounds', async () => {
    const fail = () => Promise.reject(new Error('offline'));
    const { connection, timers, states } = setup({ random: 0.999999, sessions: [fail, fail, fail, fail] });
    connection.start();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await flush();
      delays.push(...timers.delays());
      timers.fireAll();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(states).toEqual(['connecting', 'reconnecting']);
  });

  it('gives up on 403 and 404 without retrying', async () => {
    for (const status of [403, 404]) {
      const { connection, timers, sockets, states } = setup({ sessions: [() => answer(status)] });
      connection.start();
      await flush();
      expect(states).toEqual(['connecting', 'unavailable']);
      expect(timers.pending.size).toBe(0);
      expect(sockets).toHaveLength(0);
    }
  });

  it('retries after a server error', async () => {
    const { connection, timers, sockets } = setup({ sessions: [() => answer(503)] });
    connection.start();
    await flush();
    expect(sockets).toHaveLength(0);
    expect(timers.delays()).toEqual([375]);
  });

  it('sends a message at once while open', async () => {
    const { connection, last, connect } = setup();
    connection.start();
    await connect();
    const queued = connection.send({ text: 'hello' });
    expect(queued.clientId).toBe('c_1');
    expect(last().messages()).toEqual([{ type: 'message', clientId: 'c_1', text: 'hello' }]);
  });

  it('refetches the session, then resends an unacknowledged message with the same clientId', async () => {
    const { connection, sockets, timers, log, connect } = setup();
    connection.start();
    await connect();
    connection.send({ text: 'hello' });
    sockets[0].drop();
    expect(connection.state).toBe('reconnecting');
    log.length = 0;
    timers.fire(375);
    await connect();
    expect(sockets).toHaveLength(2);
    expect(sockets[1].messages()).toEqual([{ type: 'message', clientId: 'c_1', text: 'hello' }]);
    expect(log.map((line) => line.split(' ')[0])).toEqual(['post', 'session', 'send']);
  });

  it('keeps a message written while down and sends it once connected', async () => {
    const { connection, sockets, timers, connect } = setup();
    connection.start();
    await connect();
    sockets[0].drop();
    connection.send({ text: 'offline' });
    expect(sockets[0].messages()).toEqual([]);
    timers.fire(375);
    await connect();
    expect(sockets[1].messages()).toEqual([{ type: 'message', clientId: 'c_1', text: 'offline' }]);
  });

  it('does not resend a message once acknowledged', async () => {
    const { connection, sockets, timers, frames, storage, connect } = setup();
    connection.start();
    await connect();
    connection.send({ text: 'hello' });
    sockets[0].receive({ type: 'ack', clientId: 'c_1', message: stored('c_1') });
    expect(frames).toHaveLength(1);
    expect(storage.load().outbox).toEqual([]);
    sockets[0].drop();
    timers.fire(375);
    await connect();
    expect(sockets[1].messages()).toEqual([]);
  });

  it('does not resend a message the refetched session shows as stored', async () => {
    const session = { visitorToken: 'vt_1', config: {}, messages: [stored('c_1')] };
    const { connection, sockets, timers, connect } = setup({
      sessions: [() => answer(200, { visitorToken: 'vt_1', messages: [] }), () => answer(200, session)],
    });
    connection.start();
    await connect();
    connection.send({ text: 'hello' });
    sockets[0].drop();
    timers.fire(375);
    await connect();
    expect(sockets[1].messages()).toEqual([]);
  });

  it('resends messages left in storage by an earlier page with their clientId', async () => {
    const storage = openStorage('chn_1', false, { sessionStorage: memoryStore() });
    const image = { name: 'a.png', type: 'image/png', data: 'iVBORw0K' };
    storage.save({ token: 'vt_1', outbox: [{ clientId: 'c_old', image, createdAt: '2025-01-01T10:00:00.000Z' }] });
    const { connection, last, connect } = setup({ storage });
    expect(connection.pending.map((message) => message.clientId)).toEqual(['c_old']);
    connection.start();
    await connect();
    expect(last().messages()).toEqual([{ type: 'message', clientId: 'c_old', image }]);
  });

  it('restarts the backoff once the socket has stayed open', async () => {
    const { connection, sockets, timers, connect } = setup({ random: 0 });
    connection.start();
    await connect();
    sockets[0].drop();
    timers.fire(250);
    await connect();
    sockets[1].drop();
    expect(timers.delays()).toEqual([500]);
    timers.fire(500);
    await connect();
    timers.fire(10_000);
    sockets[2].drop();
    expect(timers.delays()).toEqual([250]);
  });

  it('sends typing at most every 3 s and stops after 5 s idle', async () => {
    const { connection, last, clock, timers, connect } = setup();
    connection.start();
    await connect();
    const typingFrames = () => last().sent.filter((frame) => frame.type === 'typing').map((frame) => frame.typing);
    connection.typing();
    clock.now += 1_000;
    connection.typing();
    clock.now += 1_999;
    connection.typing();
    expect(typingFrames()).toEqual([true]);
    clock.now += 1;
    connection.typing();
    expect(typingFrames()).toEqual([true, true]);
    timers.fire(5_000);
    expect(typingFrames()).toEqual([true, true, false]);
    timers.fire(5_000);
    expect(typingFrames()).toEqual([true, true, false]);
  });

  it('ends typing before sending a message', async () => {
    const { connection, last, connect } = setup();
    connection.start();
    await connect();
    connection.typing();
    connection.send({ text: 'done' });
    expect(last().sent.map((frame) => frame.type === 'typing' ? frame.typing : frame.type)).toEqual([
      true,
      false,
      'message',
    ]);
  });

  it('announces typing right after a send, though the last typing:true was under 3 s ago', async () => {
    const { connection, last, clock, connect } = setup();
    connection.start();
    await connect();
    const typingFrames = () => last().sent.filter((frame) => frame.type === 'typing').map((frame) => frame.typing);
    connection.typing();
    clock.now += 500;
    connection.send({ text: 'first' });
    clock.now += 500;
    connection.typing();
    expect(typingFrames()).toEqual([true, false, true]);
    // The throttle applies again from there.
    clock.now += 1_000;
    connection.typing();
    expect(typingFrames()).toEqual([true, false, true]);
  });

  it('announces typing again after the idle typing:false', async () => {
    const { connection, last, clock, timers, connect } = setup();
    connection.start();
    await connect();
    const typingFrames = () => last().sent.filter((frame) => frame.type === 'typing').map((frame) => frame.typing);
    connection.typing();
    clock.now += 1_000;
    timers.fire(5_000);
    connection.typing();
    expect(typingFrames()).toEqual([true, false, true]);
  });

  it('forgets a message the server refused (error frame with its clientId): never resent', async () => {
    const { connection, sockets, timers, frames, storage, connect } = setup();
    connection.start();
    await connect();
    connection.send({ text: 'a'.repeat(5000) });
    connection.send({ text: 'fine' });
    const refused = { type: 'error', clientId: 'c_1', message: 'text is longer than 4096 bytes' };
    sockets[0].receive(refused);
    expect(frames).toEqual([refused]);
    expect(connection.pending.map((message) => message.clientId)).toEqual(['c_2']);
    expect(storage.load().outbox.map((message) => message.clientId)).toEqual(['c_2']);
    sockets[0].drop();
    timers.fire(375);
    await connect();
    expect(sockets[1].messages()).toEqual([{ type: 'message', clientId: 'c_2', text: 'fine' }]);
  });

  it('keeps its messages on an error frame without a clientId and passes the frame on', async () => {
    const { connection, sockets, frames, storage, connect } = setup();
    connection.start();
    await connect();
    connection.send({ text: 'hello' });
    sockets[0].receive({ type: 'error', clientId: null, message: 'too many messages; wait a moment' });
    expect(frames).toEqual([{ type: 'error', clientId: null, message: 'too many messages; wait a moment' }]);
    expect(storage.load().outbox.map((message) => message.clientId)).toEqual(['c_1']);
  });

  it('sends a read receipt queued while down once connected', async () => {
    const { connection, last, connect } = setup();
    connection.read('msg_1');
    connection.start();
    await connect();
    expect(last().sent).toEqual([{ type: 'read', messageId: 'msg_1' }]);
  });

  it('ignores malformed frames and passes valid ones on', async () => {
    const { connection, last, frames, connect } = setup();
    connection.start();
    await connect();
    last().onmessage?.({ data: '{oops' });
    last().receive({ type: 'nope' });
    last().receive({ type: 'status', messageId: 'msg_1', status: 'read' });
    expect(frames).toEqual([{ type: 'status', messageId: 'msg_1', status: 'read' }]);
  });

  it('does nothing after stop', async () => {
    const { connection, sockets, timers } = setup();
    connection.start();
    connection.stop();
    await flush();
    expect(sockets).toHaveLength(0);
    expect(timers.pending.size).toBe(0);
    expect(connection.state).toBe('stopped');
  });
});
