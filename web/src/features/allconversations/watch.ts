// Live monitoring (W7), the pure part: what the frames of a supervisor's watch socket do. Those about the
// conversation's messages, notes, assignments and close go to the Workspace's reducer as live frames, exactly as
// the agent's own socket's do. Who is typing (the agent and the customer) is kept here: only a watch hears the
// agent typing, and either line goes on "typing": false, on what they were typing being sent, or after
// WATCH_TYPING_MS without a frame saying so again (the agent's composer repeats it every 3 s while typing).
import type { Message } from '../../api/routing';
import type { LiveEvent } from '../../live/LiveClient';
import type { WorkspaceAction } from '../workspace/state/workspaceState';

export const WATCH_TYPING_MS = 6000;

/** Frames the Workspace's reducer applies to a watched conversation as it does to the agent's. */
const STORE_FRAMES = new Set([
  'message.created',
  'message.status',
  'note.created',
  'contact.typing',
  'conversation.assigned',
  'conversation.requeued',
  'conversation.closed',
]);

/** The Workspace action for a watch frame (`at`: when it arrived), or null for frames it has no use for. */
export function watchAction(event: LiveEvent, at: number): WorkspaceAction | null {
  return STORE_FRAMES.has(event.type) ? { type: 'live', event, at } : null;
}

export interface WatchTyping {
  /** The agent typing, and when (ms since the epoch) the last frame said so. */
  agent: { userId: string; at: number } | null;
  /** When the last frame said the customer was typing. */
  customer: number | null;
}

export const NOBODY_TYPING: WatchTyping = { agent: null, customer: null };

const withoutAgent = (typing: WatchTyping): WatchTyping => (typing.agent ? { ...typing, agent: null } : typing);
const withoutCustomer = (typing: WatchTyping): WatchTyping =>
  typing.customer !== null ? { ...typing, customer: null } : typing;

/** Who is typing after one watch frame that arrived at `at`; the same object when nothing changed. */
export function applyTypingFrame(typing: WatchTyping, event: LiveEvent, at: number): WatchTyping {
  const fields = event as Record<string, unknown>;
  switch (event.type) {
    case 'agent.typing':
      return fields.typing === true && typeof fields.userId === 'string'
        ? { ...typing, agent: { userId: fields.userId, at } }
        : withoutAgent(typing);
    case 'contact.typing':
      return fields.typing === true ? { ...typing, customer: at } : withoutCustomer(typing);
    case 'message.created': {
      // A message is what its writer was typing.
      const message = fields.message as Message | undefined;
      if (!message) {
        return typing;
      }
      if (message.direction === 'inbound') {
        return withoutCustomer(typing);
      }
      return typing.agent && message.authorId === typing.agent.userId ? withoutAgent(typing) : typing;
    }
    case 'conversation.assigned':
    case 'conversation.requeued':
      // Another agent has it now, or nobody.
      return withoutAgent(typing);
    case 'conversation.closed':
      return typing.agent || typing.customer !== null ? NOBODY_TYPING : typing;
    default:
      return typing;
  }
}

/** Who is typing at `now` (ms since the epoch): the agent's user id, and whether the customer is. */
export function whoIsTyping(typing: WatchTyping, now: number): { agentId: string | null; customer: boolean } {
  return {
    agentId: typing.agent && now - typing.agent.at < WATCH_TYPING_MS ? typing.agent.userId : null,
    customer: typing.customer !== null && now - typing.customer < WATCH_TYPING_MS,
  };
}

/** The typing line's sentences: "<agent> is typing…", "The customer is typing…", both, or none. */
export function typingLines(who: { agentId: string | null; customer: boolean }, agentName: string): string[] {
  const lines: string[] = [];
  if (who.agentId !== null) {
    lines.push(`${agentName} is typing…`);
  }
  if (who.customer) {
    lines.push('The customer is typing…');
  }
  return lines;
}

/** The newest typing stamp, so that a frame newer than a ticking clock's last tick counts as now. */
export function latestTypingAt(typing: WatchTyping): number {
  return Math.max(typing.agent?.at ?? 0, typing.customer ?? 0);
}
