import { describe, expect, it } from 'vitest';
import type { Message } from '../../../api/routing';
import {
  createReadReceipts,
  createTypingSignal,
  inboundSignature,
  READ_DEBOUNCE_MS,
  TYPING_IDLE_MS,
  TYPING_REPEAT_MS,
  type ReadView,
} from './receipts';

function fakeTimers() {
  let now = 0;
  const queue: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    set: (callback: () => void, ms: number) => {
      const id = nextId++;
      queue.push({ at: now + ms, callback, id });
      return id;
    },
    clear: (handle: unknown) => {
      const index = queue.findIndex((item) => item.id === handle);
      if (index >= 0) {
        queue.splice(index, 1);
      }
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = queue.filter((entry) => entry.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) {
          break;
        }
        queue.splice(queue.indexOf(due), 1);
        now = due.at;
        due.callback();
      }
      now = end;
    },
  };
}

const message = (id: string, direction: Message['direction']): Message => ({
  id,
  conversationId: 'cnv_1',
  direction,
  content: { text: id },
  status: direction === 'inbound' ? 'received' : 'sent',
  statusReason: null,
  providerMessageId: null,
  authorId: null,
  authorKind: null,
  createdAt: '2026-11-23T10:00:00.000Z',
});

describe('inboundSignature', () => {
  it("changes with the contact's messages only", () => {
    const first = inboundSignature([message('m1', 'inbound'), message('m2', 'outbound')]);
    expect(first).toBe('1:m1');
    expect(inboundSignature([message('m1', 'inbound'), message('m2', 'outbound'), message('m3', 'outbound')])).toBe(
      first,
    );
    expect(inboundSignature([message('m1', 'inbound'), message('m3', 'inbound')])).toBe('2:m3');
    expect(inboundSignature([message('m2', 'outbound')])).toBe('');
  });
});

describe('read receipts', () => {
  function setup() {
    const timers = fakeTimers();
    const marks: string[] = [];
    const receipts = createReadReceipts((id) => marks.push(`${id}@${timers.now()}`), timers);
    const view = (patch: Partial<ReadView> = {}): ReadView => ({
      conversationId: 'cnv_1',
      ready: true,
      inbound: '1:m1',
      visible: true,
      ...patch,
    });
    return { timers, marks, receipts, view };
  }

  it('marks the conversation read once when it opens with its messages loaded', () => {
    const { timers, marks, receipts, view } = setup();
    receipts.update(view({ ready: false, inbound: '' }));
    expect(marks).toEqual([]);
    timers.advance(300);
    receipts.update(view());
    receipts.update(view());
    timers.advance(10_000);
    receipts.update(view());
    expect(marks).toEqual(['cnv_1@300']);
  });

  it('marks again a second after new inbound messages, once for a burst', () => {
    const { timers, marks, receipts, view } = setup();
    receipts.update(view());
    receipts.update(view({ inbound: '2:m2' }));
    timers.advance(600);
    receipts.update(view({ inbound: '3:m3' }));
    receipts.update(view({ inbound: '3:m3' }));
    timers.advance(READ_DEBOUNCE_MS - 1);
    expect(marks).toEqual(['cnv_1@0']);
    timers.advance(1);
    expect(marks).toEqual(['cnv_1@0', `cnv_1@${600 + READ_DEBOUNCE_MS}`]);
    receipts.update(view({ inbound: '3:m3' }));
    timers.advance(5000);
    expect(marks).toHaveLength(2);
  });

  it('never marks while the page is hidden, and marks what arrived meanwhile on coming back', () => {
    const { timers, marks, receipts, view } = setup();
    receipts.update(view({ visible: false }));
    timers.advance(5000);
    expect(marks).toEqual([]);
    receipts.update(view());
    expect(marks).toEqual(['cnv_1@5000']);

    receipts.update(view({ inbound: '2:m2' }));
    timers.advance(500);
    receipts.update(view({ inbound: '2:m2', visible: false }));
    timers.advance(5000);
    expect(marks).toHaveLength(1);
    receipts.update(view({ inbound: '3:m3', visible: false }));
    timers.advance(5000);
    expect(marks).toHaveLength(1);
    receipts.update(view({ inbound: '3:m3' }));
    timers.advance(READ_DEBOUNCE_MS);
    expect(marks).toEqual(['cnv_1@5000', `cnv_1@${15_500 + READ_DEBOUNCE_MS}`]);
  });

  it('marks each conversation opened, again when reopened, and nothing after it closes', () => {
    const { timers, marks, receipts, view } = setup();
    receipts.update(view());
    receipts.update(view({ inbound: '2:m2' }));
    receipts.update(view({ conversationId: 'cnv_2', ready: false, inbound: '' }));
    timers.advance(5000);
    expect(marks).toEqual(['cnv_1@0']);
    receipts.update(view({ conversationId: 'cnv_2', inbound: '1:m9' }));
    receipts.update(view({ inbound: '2:m2' }));
    expect(marks).toEqual(['cnv_1@0', 'cnv_2@5000', 'cnv_1@5000']);
    receipts.update(view({ inbound: '3:m3' }));
    receipts.stop();
    timers.advance(5000);
    expect(marks).toHaveLength(3);
    receipts.update(view({ conversationId: null }));
    expect(marks).toHaveLength(3);
  });
});

describe('the typing signal', () => {
  function setup() {
    const timers = fakeTimers();
    const sent: string[] = [];
    const signal = createTypingSignal((typing) => sent.push(`${typing}@${timers.now()}`), timers);
    return { timers, sent, signal };
  }

  it('says typing at once, then at most every 3 s while the agent goes on', () => {
    const { timers, sent, signal } = setup();
    signal.changed('H');
    for (let step = 0; step < 14; step += 1) {
      timers.advance(500);
      signal.changed('Hello'.repeat(step + 1));
    }
    expect(sent).toEqual(['true@0', `true@${TYPING_REPEAT_MS}`, `true@${2 * TYPING_REPEAT_MS}`]);
  });

  it('says stopped after 5 s without a keystroke', () => {
    const { timers, sent, signal } = setup();
    signal.changed('Hel');
    timers.advance(2000);
    signal.changed('Hello');
    timers.advance(TYPING_IDLE_MS - 1);
    expect(sent).toEqual(['true@0']);
    timers.advance(1);
    expect(sent).toEqual(['true@0', `false@${2000 + TYPING_IDLE_MS}`]);
    timers.advance(20_000);
    expect(sent).toHaveLength(2);
    signal.changed('Hello again');
    expect(sent).toHaveLength(3);
  });

  it('says stopped on send or when the reply is emptied, once', () => {
    const { timers, sent, signal } = setup();
    signal.changed('Hi');
    timers.advance(100);
    signal.stop();
    signal.stop();
    timers.advance(TYPING_IDLE_MS);
    expect(sent).toEqual(['true@0', 'false@100']);
    signal.changed('Next one');
    signal.changed('  ');
    expect(sent).toEqual(['true@0', 'false@100', `true@${100 + TYPING_IDLE_MS}`, `false@${100 + TYPING_IDLE_MS}`]);
  });

  it('says nothing when nothing was typed', () => {
    const { timers, sent, signal } = setup();
    signal.changed('');
    signal.stop();
    timers.advance(TYPING_IDLE_MS);
    expect(sent).toEqual([]);
  });
});
