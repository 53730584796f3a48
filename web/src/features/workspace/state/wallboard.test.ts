import { describe, expect, it } from 'vitest';
import type { AgentStats, QueuedConversation } from '../../../api/routing';
import { sortAgents, waitsBySkill } from './wallboard';

const queued = (conversationId: string, enqueuedAt: string, requires: string[][]): QueuedConversation => ({
  conversationId,
  categoryId: null,
  priority: 0,
  enqueuedAt,
  requires,
});

describe('waitsBySkill', () => {
  it('counts a conversation for every skill of any alternative, and skill-less ones apart', () => {
    const rows = waitsBySkill([
      queued('a', '2026-11-23T10:00:00.000Z', [['billing', 'french'], []]),
      queued('b', '2026-11-23T09:00:00.000Z', [['billing']]),
      queued('c', '2026-11-23T11:00:00.000Z', []),
    ]);
    expect(rows).toEqual([
      { skillId: 'billing', waiting: 2, oldestEnqueuedAt: '2026-11-23T09:00:00.000Z' },
      { skillId: 'french', waiting: 1, oldestEnqueuedAt: '2026-11-23T10:00:00.000Z' },
      { skillId: null, waiting: 1, oldestEnqueuedAt: '2026-11-23T11:00:00.000Z' },
    ]);
  });

  it('is empty for an empty queue', () => {
    expect(waitsBySkill([])).toEqual([]);
  });
});

describe('sortAgents', () => {
  it('puts available agents first, busiest first, then by name', () => {
    const agent = (userId: string, presence: AgentStats['presence'], load: number): AgentStats => ({
      userId,
      presence,
      load,
      capacity: 5,
      missedOffers: 0,
    });
    const names: Record<string, string> = { u1: 'Zoe', u2: 'Adam', u3: 'Bea', u4: 'Carl' };
    const sorted = sortAgents(
      [agent('u1', 'offline', 0), agent('u2', 'available', 1), agent('u3', 'available', 3), agent('u4', 'away', 0)],
      (id) => names[id],
    );
    expect(sorted.map((each) => each.userId)).toEqual(['u3', 'u2', 'u4', 'u1']);
  });
});
