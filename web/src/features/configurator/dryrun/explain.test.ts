import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../../api/routing';
import { explain, notReadyText, skipReasonText } from './explain';

const names: Record<string, string> = { usr_a: 'Alice', usr_b: 'Bob', usr_c: 'Carol', usr_d: 'Dan' };
const skills: Record<string, string> = { skl_billing: 'Billing', skl_french: 'French' };
const context = {
  agentName: (id: string) => names[id] ?? `unknown user ${id}`,
  skillName: (id: string) => skills[id] ?? id,
};
const none = { away: 0, offline: 0, autoAllocateOff: 0, atCapacity: 0 };

describe('skipReasonText', () => {
  it('words every reason', () => {
    expect(skipReasonText('away', null)).toBe('away');
    expect(skipReasonText('offline', null)).toBe('offline');
    expect(skipReasonText('auto_allocate_off', null)).toBe('auto-allocate is off');
    expect(skipReasonText('at_capacity', null)).toBe('at capacity');
    expect(skipReasonText('skill_missing', 'Billing')).toBe('missing skill Billing');
    expect(skipReasonText('skill_inactive', 'French')).toBe('skill French is inactive');
    expect(skipReasonText('something_new', null)).toBe('something new');
  });
});

describe('notReadyText', () => {
  it('counts only what is there', () => {
    expect(notReadyText(none)).toBe('No agent is away, offline, at capacity or has auto-allocate off.');
    expect(notReadyText({ away: 2, offline: 1, autoAllocateOff: 0, atCapacity: 1 })).toBe(
      '4 agents are not ready: 2 away, 1 offline, 1 at capacity.',
    );
    expect(notReadyText({ ...none, autoAllocateOff: 1 })).toBe('1 agent is not ready: 1 with auto-allocate off.');
  });
});

describe('explain', () => {
  it('names the chosen agent, the load and every skipped agent', () => {
    const explanation: Explanation = {
      agent: 'usr_a',
      load: 1,
      capacity: 3,
      alternative: 0,
      rule: 'least loaded',
      skipped: [
        { agent: 'usr_b', reason: 'at_capacity' },
        { agent: 'usr_c', reason: 'skill_inactive', skill: 'skl_billing' },
        { agent: 'usr_d', reason: 'skill_missing', skill: 'skl_billing' },
      ],
      notReady: { ...none, away: 1 },
    };
    expect(explain(explanation, { ...context, requirement: [['skl_billing']] })).toEqual({
      headline: 'Alice would get it.',
      reasons: [
        'Alice has 1 conversation of a capacity of 3, the lowest load among the eligible agents.',
        'Alice has the required skills active: Billing.',
      ],
      skipped: [
        { agent: 'Bob', reason: 'at capacity' },
        { agent: 'Carol', reason: 'skill Billing is inactive' },
        { agent: 'Dan', reason: 'missing skill Billing' },
      ],
      notReady: '1 agent is not ready: 1 away.',
    });
  });

  it('explains the idle tie-break and which skill set matched', () => {
    const worded = explain(
      {
        agent: 'usr_b',
        load: 0,
        capacity: 2,
        alternative: 1,
        rule: 'least loaded, then idle longest',
        skipped: [],
        notReady: none,
      },
      { ...context, requirement: [['skl_billing'], ['skl_french', 'skl_billing']] },
    );
    expect(worded.reasons).toEqual([
      'Bob has 0 conversations of a capacity of 2. Another eligible agent was just as loaded; Bob has been idle longer.',
      'Bob has skill set 2 of 2 active: French + Billing.',
    ]);
  });

  it('says when anyone may take it', () => {
    const base: Explanation = { agent: 'usr_a', load: 0, capacity: 1, alternative: 0, skipped: [], notReady: none };
    expect(explain(base, { ...context, requirement: [[]] }).reasons[1]).toBe(
      'No skills are required, so any available agent qualifies.',
    );
    expect(explain({ ...base, alternative: 1 }, { ...context, requirement: [['skl_billing'], []] }).reasons[1]).toBe(
      'The conversation has waited long enough that anyone may take it.',
    );
  });

  it('says nobody would get it, and why not', () => {
    const worded = explain(
      { agent: null, skipped: [{ agent: 'usr_x', reason: 'away' }], notReady: { ...none, offline: 3 } },
      context,
    );
    expect(worded.headline).toBe('Nobody would get it now.');
    expect(worded.skipped).toEqual([{ agent: 'unknown user usr_x', reason: 'away' }]);
    expect(worded.notReady).toBe('3 agents are not ready: 3 offline.');
  });
});
