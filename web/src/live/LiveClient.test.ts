import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  LiveClient,
  liveUrl,
  watchUrl,
  type LiveClientOptions,
  type LiveEvent,
  type LiveSocket,
  type LiveState,
} from './LiveClient';

class FakeSocket implements LiveSocket {
  onopen: LiveSocket['onopen'] = null;
  onmessage: LiveSocket['onmessage'] = null;
  onclose: LiveSocket['onclose'] = null;
  onerror: LiveSocket['onerror'] = null;
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  close(code = 1000): void {
    this.closedWith = code;
  }

  open(): void {
    this.onopen?.({});
  }

  receive(data: unknown): void {
    this.onmessage?.({ data });
  }

  drop(code = 1006): void {
    this.onerror?.({});
    this.onclose?.({ code });
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

  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((timer) => timer.callback());
  }
}

function setup(random = () => 0.5, options: Partial<LiveClientOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const states: LiveState[] = [];
  const events: LiveEvent[] = [];
  const client = new LiveClient({
    url: 'ws://127.0.0.1:1/api/v1/live',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: timers.set,
    clearTimer: timers.clear,
    random,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    onState: (state) => states.push(state),
    onEvent: (event) => events.push(event),
    ...options,
  });
  const last = () => sockets[sockets.length - 1];
  return { client, sockets, timers, states, events, last };
}

describe('backoffDelay', () => {
  it('doubles per attempt from the base and stays within 50–100 % of that', () => {
    expect(backoffDelay(0, 0, 500, 30_000)).toBe(250);
    expect(backoffDelay(0, 0.999999, 500, 30_000)).toBe(500);
    expect(backoffDelay(3, 0, 500, 30_000)).toBe(2000);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(backoffDelay(6, 0.999999, 500, 30_000)).toBe(30_000);
    expect(backoffDelay(1000, 0.999999, 500, 30_000)).toBe(30_000);
  });
});

describe('liveUrl', () => {
  it('uses wss under https and ws otherwise', () => {
    expect(liveUrl({ protocol: 'https:', host: 'cc.example:8443' })).toBe('wss://cc.example:8443/api/v1/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/v1/live');
  });

  it('names the conversation a watch is for', () => {
    expect(watchUrl({ protocol: 'https:', host: 'cc.example' }, 'cnv_1 2')).toBe('wss://cc.example/api/v1/live?watch=cnv_1%202');
  });
});

describe('LiveClient', () => {
  it('connects to the url and reports connecting then open', () => {
    const { client, sockets, states, last } = setup();

    client.start();
    last().open();

    expect(sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:1/api/v1/live']);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('hands parsed events on and ignores frames that are not event objects', () => {
    const { client, events, last } = setup();
    client.start();
    last().open();

    last().receive('{"type":"hello","user":{"id":"usr_1"}}');
    last().receive('not json');
    last().receive('{"no":"type"}');
    last().receive(new ArrayBuffer(2));

    expect(events).toEqual([{ type: 'hello', user: { id: 'usr_1' } }]);
  });

  it('reconnects with doubling delays while the server stays away', () => {
    const { client, sockets, timers, last } = setup(() => 0.999999);
    client.start();
    const seen: number[] = [];

    for (let round = 0; round < 8; round += 1) {
      last().drop();
      seen.push(...timers.delays());
      timers.fireAll();
    }

    expect(seen).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(sockets).toHaveLength(9);
  });

  it('reports reconnecting while waiting and open once back', () => {
    const { client, timers, states, last } = setup();
    client.start();
    last().open();

    last().drop();
    timers.fireAll();
    last().open();

    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('starts the backoff over once a reconnected server has spoken', () => {
    const { client, timers, last } = setup(() => 0.999999);
    client.start();
    last().drop();
    timers.fireAll();
    last().drop();
    timers.fireAll();
    expect(timers.delays()).toEqual([]);

    last().open();
    last().receive('{"type":"hello","user":{}}');
    last().drop();

    expect(timers.delays()).toEqual([500]);
  });

  it('keeps backing off when a server accepts and drops without saying hello', () => {
    const { client, timers, last } = setup(() => 0.999999);
    client.start();
    const seen: number[] = [];

    for (let round = 0; round < 3; round += 1) {
      last().open();
      last().drop();
      seen.push(...timers.delays());
      timers.fireAll();
    }

    expect(seen).toEqual([500, 1000, 2000]);
  });

  it('stop closes the socket, cancels a pending reconnect and makes no new socket', () => {
    const { client, sockets, timers, states, last } = setup();
    client.start();
    last().open();
    last().drop();
    expect(timers.pending.size).toBe(1);

    client.stop();
    timers.fireAll();

    expect(timers.pending.size).toBe(0);
    expect(sockets).toHaveLength(1);
    expect(states[states.length - 1]).toBe('stopped');
  });

  it('stop on an open socket closes it normally and ignores its late close event', () => {
    const { client, sockets, timers, last } = setup();
    client.start();
    const socket = last();
    socket.open();
    const onclose = socket.onclose;

    client.stop();
    onclose?.({ code: 1000 });

    expect(socket.closedWith).toBe(1000);
    expect(timers.pending.size).toBe(0);
    expect(sockets).toHaveLength(1);
  });

  it('retries with backoff when the socket cannot even be created', () => {
    const timers = new FakeTimers();
    let creations = 0;
    const client = new LiveClient({
      url: 'ws://x/api/v1/live',
      createSocket: () => {
        creations += 1;
        throw new Error('SecurityError');
      },
      setTimer: timers.set,
      clearTimer: timers.clear,
      random: () => 0,
    });

    client.start();
    timers.fireAll();

    expect(creations).toBe(2);
    expect(timers.delays()).toEqual([500]);
    expect(client.state).toBe('reconnecting');
  });
});

describe('LiveClient cursor', () => {
  it('reconnects with since= the last seq seen, so the server can replay what was missed', () => {
    const { client, timers, last } = setup();
    client.start();
    expect(last().url).toBe('ws://127.0.0.1:1/api/v1/live');
    last().open();
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e1.4', user: {} }));
    last().receive(JSON.stringify({ type: 'queue.changed', seq: 5 }));
    last().receive(JSON.stringify({ type: 'message.created', seq: 7 }));
    expect(client.cursor).toBe('e1.7');
    last().drop();
    timers.fireAll();
    expect(last().url).toBe('ws://127.0.0.1:1/api/v1/live?since=e1.7');
  });

  it('keeps its place when the hello after a reconnect carries a later cursor of the same run', () => {
    const { client, timers, last } = setup();
    client.start();
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e1.2' }));
    last().drop();
    timers.fireAll();
    // The server says hello at its newest seq, then replays 3..9; the client must not skip them.
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e1.9' }));
    expect(client.cursor).toBe('e1.2');
    last().receive(JSON.stringify({ type: 'stats', seq: 3 }));
    expect(client.cursor).toBe('e1.3');
  });

  it('takes the cursor of a resync frame and of a restarted server', () => {
    const { client, timers, last } = setup();
    client.start();
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e1.50' }));
    last().receive(JSON.stringify({ type: 'resync', cursor: 'e1.80' }));
    expect(client.cursor).toBe('e1.80');
    last().drop();
    timers.fireAll();
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e2.1' }));
    expect(client.cursor).toBe('e2.1');
  });

  it('reconnects without since when it does not resume (a watch starts from now)', () => {
    const url = 'ws://127.0.0.1:1/api/v1/live?watch=cnv_1';
    const { client, timers, last } = setup(() => 0.5, { url, resume: false });
    client.start();
    last().receive(JSON.stringify({ type: 'hello', cursor: 'e1.4' }));
    last().receive(JSON.stringify({ type: 'message.created', seq: 7 }));
    last().drop();
    timers.fireAll();
    expect(last().url).toBe(url);
  });
});
