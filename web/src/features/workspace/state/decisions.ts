// The routing decision log of a conversation (GET /conversations/{id}/decisions, for admins and supervisors) in
// words: what happened, to whom, and why: the chosen agent's load, the window boost that served it early, the
// agents passed over. The explanations are worded as the dry run words them (configurator/dryrun/explain.ts).
import type { Decision } from '../../../api/routing';
import { formatMessageTime } from '../../../format';
import { notReadyText, ruleReason, skipReasonText, windowBoostText } from '../../configurator/dryrun/explain';

export interface DecisionContext {
  agentName: (userId: string) => string;
  skillName: (skillId: string) => string;
  /** An ISO time for people; default: "14:05" today, "23 Nov, 14:05" another day. */
  formatTime?: (iso: string) => string;
}

export interface WordedDecision {
  key: string;
  /** When, for people. */
  at: string;
  /** "Allocated: Bob Agent". */
  headline: string;
  reasons: string[];
  /** "Ann: away; Carl: at capacity", or null when nobody was passed over. */
  skipped: string | null;
}

const CAUSES: Readonly<Record<string, string>> = {
  allocated: 'Allocated',
  picked: 'Picked',
  transferred: 'Transferred',
  unassigned: 'Unassigned',
  offer_expired: 'Offer expired',
  offer_timeout: 'Offer expired',
  agent_away: 'Agent away',
  accepted: 'Offer accepted',
};

/** "allocated" → "Allocated"; a cause this page does not know, readable: "some_cause" → "Some cause". */
export function causeText(cause: string): string {
  const known = CAUSES[cause];
  if (known) {
    return known;
  }
  const words = cause.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

export function describeDecision(decision: Decision, context: DecisionContext): WordedDecision {
  const formatTime = context.formatTime ?? ((iso: string) => formatMessageTime(iso));
  const agent = decision.agentId ?? decision.explanation?.agent ?? null;
  const headline = agent ? `${causeText(decision.cause)}: ${context.agentName(agent)}` : causeText(decision.cause);
  const why = decision.explanation;
  const reasons: string[] = [];
  let skipped: string | null = null;
  if (why) {
    if (why.windowBoost) {
      reasons.push(windowBoostText(why.windowBoost, formatTime));
    }
    if (why.agent !== null) {
      reasons.push(ruleReason(context.agentName(why.agent), why));
    } else if (why.notReady) {
      reasons.push(notReadyText(why.notReady));
    }
    if (why.skipped.length > 0) {
      skipped = why.skipped
        .map((skip) => `${context.agentName(skip.agent)}: ${skipReasonText(skip.reason, skip.skill ? context.skillName(skip.skill) : null)}`)
        .join('; ');
    }
  }
  return { key: String(decision.seq), at: formatTime(decision.at), headline, reasons, skipped };
}
