// Figures the wallboard derives itself: the queue by skill (GET /queue's `requires`), agents in presence order.
import type { AgentStats, QueuedConversation } from '../../../api/routing';

export interface SkillWait {
  /** null: conversations any agent may take. */
  skillId: string | null;
  waiting: number;
  oldestEnqueuedAt: string;
}

/**
 * Waiting conversations per skill: one counts for every skill named in any of its alternatives (it waits for
 * someone with that skill), and under null when it names none. Most waiting first, then longest wait.
 */
export function waitsBySkill(queue: readonly QueuedConversation[]): SkillWait[] {
  const bySkill = new Map<string | null, SkillWait>();
  for (const item of queue) {
    const skills = new Set(item.requires.flat());
    const keys: (string | null)[] = skills.size === 0 ? [null] : [...skills];
    for (const skillId of keys) {
      const known = bySkill.get(skillId);
      if (known) {
        known.waiting += 1;
        if (item.enqueuedAt < known.oldestEnqueuedAt) {
          known.oldestEnqueuedAt = item.enqueuedAt;
        }
      } else {
        bySkill.set(skillId, { skillId, waiting: 1, oldestEnqueuedAt: item.enqueuedAt });
      }
    }
  }
  return [...bySkill.values()].sort(
    (a, b) => b.waiting - a.waiting || (a.oldestEnqueuedAt < b.oldestEnqueuedAt ? -1 : 1),
  );
}

const PRESENCE_ORDER = { available: 0, away: 1, offline: 2 } as const;

/** Available first, then away, then offline; within each, the most loaded first, then by name. */
export function sortAgents(agents: readonly AgentStats[], name: (userId: string) => string): AgentStats[] {
  return [...agents].sort(
    (a, b) =>
      PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence] ||
      b.load - a.load ||
      name(a.userId).localeCompare(name(b.userId)),
  );
}
