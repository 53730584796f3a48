// The routing decision log of a conversation, as admins and supervisors read it in the conversation view: the
// window boost that served a conversation early ("Priority +5: the reply window closes at …"), the chosen agent's
// load, who was passed over. Worded by state/decisions.ts, rendered to HTML on the server side of React.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Decision, Explanation } from '../../api/routing';
import { formatMessageTime } from '../../format';
import { explain, windowBoostText } from '../configurator/dryrun/explain';
import { DecisionList } from './RoutingDecisions';
import { causeText, describeDecision } from './state/decisions';

const names: Record<string, string> = { usr_a: 'Alice', usr_b: 'Bob' };
const context = {
  agentName: (id: string) => names[id] ?? id,
  skillName: (id: string) => (id === 'skl_fr' ? 'French' : id),
  formatTime: (iso: string) => iso.slice(11, 16),
};
const none = { away: 0, offline: 0, autoAllocateOff: 0, atCapacity: 0 };

const boosted: Explanation = {
  agent: 'usr_a',
  load: 1,
  capacity: 3,
  alternative: 0,
  rule: 'least loaded',
  windowBoost: { priority: 5, closesAt: '2026-12-06T14:05:00Z' },
  skipped: [
    { agent: 'usr_b', reason: 'at_capacity' },
    { agent: 'usr_c', reason: 'skill_missing', skill: 'skl_fr' },
  ],
  notReady: { ...none, away: 1 },
};

const decisions: Decision[] = [
  { seq: 7, at: '2026-12-06T12:00:00Z', cause: 'allocated', agentId: 'usr_a', explanation: boosted },
  { seq: 8, at: '2026-12-06T12:03:00Z', cause: 'unassigned', agentId: null, explanation: null },
];

describe('the window boost in words', () => {
  it('says by how much and when the window closes', () => {
    expect(windowBoostText({ priority: 5, closesAt: '2026-12-06T14:05:00Z' }, context.formatTime)).toBe(
      'Priority +5: the reply window closes at 14:05',
    );
    // By default in local time, as the timeline writes times.
    expect(windowBoostText({ priority: 12, closesAt: '2026-12-06T14:05:00Z' })).toBe(
      `Priority +12: the reply window closes at ${formatMessageTime('2026-12-06T14:05:00Z')}`,
    );
  });

  it('comes first among the dry run\'s reasons too', () => {
    expect(explain(boosted, context).reasons[0]).toBe('Priority +5: the reply window closes at 14:05.');
    const { windowBoost: _, ...plain } = boosted;
    expect(explain(plain, context).reasons.some((reason) => reason.includes('reply window'))).toBe(false);
  });
});

describe('a routing decision in words', () => {
  it('names the cause and the agent, the boost, the load and who was passed over', () => {
    expect(describeDecision(decisions[0], context)).toEqual({
      key: '7',
      at: '12:00',
      headline: 'Allocated: Alice',
      reasons: [
        'Priority +5: the reply window closes at 14:05',
        'Alice has 1 conversation of a capacity of 3, the lowest load among the eligible agents.',
      ],
      skipped: 'Bob: at capacity; usr_c: missing skill French',
    });
  });

  it('has only the cause where there was no choice to explain', () => {
    expect(describeDecision(decisions[1], context)).toEqual({ key: '8', at: '12:03', headline: 'Unassigned', reasons: [], skipped: null });
  });

  it('says why nobody got it', () => {
    const nobody: Decision = {
      seq: 9,
      at: '2026-12-06T12:04:00Z',
      cause: 'offer_expired',
      agentId: null,
      explanation: { agent: null, skipped: [], notReady: { ...none, offline: 2 }, windowBoost: { priority: 3, closesAt: '2026-12-06T12:30:00Z' } },
    };
    expect(describeDecision(nobody, context)).toMatchObject({
      headline: 'Offer expired',
      reasons: ['Priority +3: the reply window closes at 12:30', '2 agents are not ready: 2 offline.'],
    });
  });

  it('words causes it does not know', () => {
    expect(causeText('picked')).toBe('Picked');
    expect(causeText('moved_by_rule')).toBe('Moved by rule');
  });
});

describe('the decision list', () => {
  it('shows each decision with its time, what happened and why', () => {
    const html = renderToStaticMarkup(<DecisionList decisions={decisions} context={context} labelledBy="decisions-title" />);
    expect(html).toContain('<ol class="ws-decision-list" aria-labelledby="decisions-title">');
    expect(html).toContain('<time dateTime="2026-12-06T12:00:00Z" class="ws-num">12:00</time> <strong>Allocated: Alice</strong>');
    expect(html).toContain('<li>Priority +5: the reply window closes at 14:05</li>');
    expect(html).toContain('<p class="field-hint">Passed over: Bob: at capacity; usr_c: missing skill French</p>');
    expect(html).toContain('<strong>Unassigned</strong>');
  });

  it('says when there is none', () => {
    expect(renderToStaticMarkup(<DecisionList decisions={[]} context={context} />)).toBe('<p class="muted">No routing decisions yet.</p>');
  });
});
