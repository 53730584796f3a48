// A dry run's Explanation (R10) in plain words: who would get the conversation and why, and why every
// skipped agent was passed over. The routing decision log (workspace/state/decisions.ts) words its explanations
// with these too.
import type { Explanation, SkipReason } from '../../../api/routing';
import { formatMessageTime } from '../../../format';

export interface ExplainContext {
  /** A user id as a name people know. */
  agentName: (userId: string) => string;
  /** A skill id as its name. */
  skillName: (skillId: string) => string;
  /**
   * The alternatives the conversation requires now (each a skill set; any one is enough), when known:
   * a waiting conversation's `requires`, or a category's required skills.
   */
  requirement?: readonly (readonly string[])[];
  /** An ISO time for people; default: "14:05" today, "23 Nov, 14:05" another day. */
  formatTime?: (iso: string) => string;
}

export interface Worded {
  headline: string;
  /** Why the chosen agent, or why nobody. */
  reasons: string[];
  skipped: { agent: string; reason: string }[];
  notReady: string;
}

export function skipReasonText(reason: SkipReason | string, skill: string | null): string {
  switch (reason) {
    case 'away':
      return 'away';
    case 'offline':
      return 'offline';
    case 'auto_allocate_off':
      return 'auto-allocate is off';
    case 'at_capacity':
      return 'at capacity';
    case 'skill_missing':
      return skill ? `missing skill ${skill}` : 'missing a required skill';
    case 'skill_inactive':
      return skill ? `skill ${skill} is inactive` : 'a required skill is inactive';
    default:
      return reason.replace(/_/g, ' ');
  }
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function notReadyText(notReady: Explanation['notReady']): string {
  const parts = [
    notReady.away > 0 ? `${notReady.away} away` : null,
    notReady.offline > 0 ? `${notReady.offline} offline` : null,
    notReady.autoAllocateOff > 0 ? `${notReady.autoAllocateOff} with auto-allocate off` : null,
    notReady.atCapacity > 0 ? `${notReady.atCapacity} at capacity` : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) {
    return 'No agent is away, offline, at capacity or has auto-allocate off.';
  }
  const total = notReady.away + notReady.offline + notReady.autoAllocateOff + notReady.atCapacity;
  return `${plural(total, 'agent is', 'agents are')} not ready: ${parts.join(', ')}.`;
}

function skillsText(skills: readonly string[], skillName: (id: string) => string): string {
  return skills.map(skillName).join(' + ');
}

function matchReason(name: string, explanation: Explanation, context: ExplainContext): string | null {
  const requirement = context.requirement;
  if (!requirement) {
    return null;
  }
  const chosen = requirement[explanation.alternative ?? 0];
  if (requirement.length === 0 || (requirement.length === 1 && requirement[0].length === 0)) {
    return 'No skills are required, so any available agent qualifies.';
  }
  if (!chosen) {
    return null;
  }
  if (chosen.length === 0) {
    return 'The conversation has waited long enough that anyone may take it.';
  }
  const skills = skillsText(chosen, context.skillName);
  if (requirement.length === 1) {
    return `${name} has the required skills active: ${skills}.`;
  }
  return `${name} has skill set ${(explanation.alternative ?? 0) + 1} of ${requirement.length} active: ${skills}.`;
}

/** Why the conversation was served early: "Priority +5: the reply window closes at 14:05". */
export function windowBoostText(
  boost: NonNullable<Explanation['windowBoost']>,
  formatTime: (iso: string) => string = (iso) => formatMessageTime(iso),
): string {
  return `Priority +${boost.priority}: the reply window closes at ${formatTime(boost.closesAt)}`;
}

export function ruleReason(name: string, explanation: Explanation): string {
  const load = explanation.load ?? 0;
  const capacity = explanation.capacity ?? 0;
  const loadText = `${name} has ${plural(load, 'conversation', 'conversations')} of a capacity of ${capacity}`;
  switch (explanation.rule) {
    case undefined:
    case 'least loaded':
      return `${loadText}, the lowest load among the eligible agents.`;
    case 'least loaded, then idle longest':
      return `${loadText}. Another eligible agent was just as loaded; ${name} has been idle longer.`;
    default:
      return `${loadText}; chosen by: ${explanation.rule}.`;
  }
}

export function explain(explanation: Explanation, context: ExplainContext): Worded {
  const skipped = explanation.skipped.map((skip) => ({
    agent: context.agentName(skip.agent),
    reason: skipReasonText(skip.reason, skip.skill ? context.skillName(skip.skill) : null),
  }));
  const notReady = notReadyText(explanation.notReady);
  const boost = explanation.windowBoost ? [`${windowBoostText(explanation.windowBoost, context.formatTime)}.`] : [];
  if (explanation.agent === null) {
    return {
      headline: 'Nobody would get it now.',
      reasons: [...boost, 'No agent is eligible at the moment, so it would wait in the queue until one is.'],
      skipped,
      notReady,
    };
  }
  const name = context.agentName(explanation.agent);
  const match = matchReason(name, explanation, context);
  return {
    headline: `${name} would get it.`,
    reasons: [...boost, ruleReason(name, explanation), ...(match ? [match] : [])],
    skipped,
    notReady,
  };
}
