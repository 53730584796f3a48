// W5: the team at a glance for supervisors: queue depth and longest wait per category and per skill, agents by
// presence with their load and missed offers, today's figures, and the reply windows (WhatsApp, Messenger,
// Instagram) closing within the hour or expired unanswered today. Live from `stats` frames. Under today's figures, the
// queue's length and longest wait over the last hours (QueueHistoryPanel).
import { useCallback, useEffect, useState } from 'react';
import { getStats, type Stats } from '../../api/routing';
import type { User } from '../../api/types';
import { formatClock } from '../../format';
import { useLiveEvent } from '../../live/LiveEvents';
import { PageHeading } from '../shell/PageHeading';
import { Figure } from './DashboardPage';
import { QueueHistoryPanel } from './QueueHistoryPanel';
import { averageText } from './state/stats';
import { sortAgents, waitsBySkill } from './state/wallboard';
import { useNow } from './useNow';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

const PRESENCE_LABELS = { available: 'Available', away: 'Away', offline: 'Offline' } as const;

export function WallboardPage(_props: { user: User }) {
  const workspace = useWorkspace();
  const state = useWorkspaceState();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setStats(await getStats());
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);

  useEffect(() => {
    void load();
    void workspace.refreshQueue();
  }, [load, workspace]);

  useLiveEvent((event) => {
    const fresh = (event as { stats?: Stats }).stats;
    if (event.type === 'stats' && fresh) {
      setStats(fresh);
    } else if (event.type === 'resync') {
      void load();
    }
  });

  const now = useNow();
  const waitOf = (iso: string | null) => (iso ? formatClock((now - Date.parse(iso)) / 1000) : '—');
  const categoryName = (id: string | null) =>
    id === null ? 'Uncategorised' : (state.lookups.categories.find((category) => category.id === id)?.name ?? id);
  const skillName = (id: string | null) =>
    id === null ? 'No skill needed' : (state.lookups.skills.find((skill) => skill.id === id)?.name ?? id);
  const userName = (id: string) => {
    const user = state.lookups.users.find((each) => each.id === id);
    return user ? user.displayName || user.email : id;
  };
  const bySkill = waitsBySkill(state.queue);

  return (
    <section className="page ws-wide ws-wallboard">
      <PageHeading title="Wallboard" />
      {error && (
        <p className="form-error" role="alert">
          Figures could not be loaded: {error}{' '}
          <button className="button button-small" type="button" onClick={() => void load()}>
            Try again
          </button>
        </p>
      )}
      {!stats && !error && <p className="muted">Loading figures…</p>}
      {stats && (
        <>
          <section aria-labelledby="wb-now">
            <h2 id="wb-now" className="visually-hidden">
              Now and today
            </h2>
            <dl className="ws-figures ws-figures-big">
              <Figure label="Waiting" value={String(stats.queueLength)} testId="queue-depth" />
              <Figure label="Longest wait" value={waitOf(stats.oldestEnqueuedAt)} />
              {stats.windows && <WindowFigures windows={stats.windows} />}
              <Figure label="Agents available" value={`${stats.agents.available}`} />
              <Figure label="Team load" value={`${stats.agents.load}/${stats.agents.capacity}`} />
              <Figure label="Handled today" value={String(stats.today.handled)} />
              <Figure label="Avg. first response" value={averageText(stats.today.averageFirstResponseSeconds, stats.today.handled)} />
              <Figure label="Avg. handling time" value={averageText(stats.today.averageHandlingSeconds, stats.today.handled)} />
            </dl>
          </section>

          <QueueHistoryPanel />

          <div className="ws-wall-grid">
            <WaitTable
              id="wb-categories"
              title="Queue by category"
              firstColumn="Category"
              rows={stats.byCategory.map((row) => ({
                key: row.categoryId ?? 'none',
                name: categoryName(row.categoryId),
                waiting: row.waiting,
                wait: waitOf(row.oldestEnqueuedAt),
              }))}
            />
            <WaitTable
              id="wb-skills"
              title="Queue by skill"
              firstColumn="Skill"
              rows={bySkill.map((row) => ({
                key: row.skillId ?? 'none',
                name: skillName(row.skillId),
                waiting: row.waiting,
                wait: waitOf(row.oldestEnqueuedAt),
              }))}
              hint="A conversation counts for every skill of any of its alternatives."
            />
          </div>

          <section aria-labelledby="wb-agents">
            <h2 id="wb-agents" className="ws-section-title">
              Agents{' '}
              <span className="muted ws-num ws-agent-counts">
                {stats.agents.available} available · {stats.agents.away} away · {stats.agents.offline} offline
              </span>
            </h2>
            {stats.agents.list.length === 0 ? (
              <p className="muted">No agents yet.</p>
            ) : (
              <table className="table ws-wall-table">
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">Presence</th>
                    <th scope="col">Load</th>
                    <th scope="col" className="ws-col-num">
                      Missed offers
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sortAgents(stats.agents.list, userName).map((agent) => (
                    <tr key={agent.userId}>
                      <th scope="row">{userName(agent.userId)}</th>
                      <td>
                        <span className={`ws-presence ws-presence-${agent.presence}`}>
                          {PRESENCE_LABELS[agent.presence]}
                        </span>
                      </td>
                      <td>
                        <span className="ws-load-cell">
                          <span className="ws-num ws-load-text">
                            {agent.load}/{agent.capacity}
                          </span>
                          <meter
                            className="ws-meter"
                            min={0}
                            max={Math.max(1, agent.capacity)}
                            value={Math.min(agent.load, Math.max(1, agent.capacity))}
                            aria-label={`Load of ${userName(agent.userId)}`}
                          />
                        </span>
                      </td>
                      <td className="ws-col-num ws-num">{agent.missedOffers}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}

/**
 * Reply windows: those closing within the hour (emphasised while there are any: answer them now, or only a template
 * reaches the customer) and those that expired unanswered today. Older servers do not count them: nothing shown.
 */
export function WindowFigures({ windows }: { windows: NonNullable<Stats['windows']> }) {
  return (
    <>
      <Figure
        label="Windows closing within the hour"
        value={String(windows.closingWithinHour)}
        testId="windows-closing"
        emphasis={windows.closingWithinHour > 0}
      />
      <Figure
        label="Windows expired unanswered today"
        value={String(windows.expiredUnansweredToday)}
        testId="windows-expired"
      />
    </>
  );
}

interface WaitRow {
  key: string;
  name: string;
  waiting: number;
  wait: string;
}

/** Waiting conversations and the longest wait, one row per category or skill. */
function WaitTable({ id, title, firstColumn, rows, hint }: {
  id: string;
  title: string;
  firstColumn: string;
  rows: WaitRow[];
  hint?: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="ws-section-title">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="muted">Nothing waiting.</p>
      ) : (
        <table className="table ws-wall-table">
          <thead>
            <tr>
              <th scope="col">{firstColumn}</th>
              <th scope="col" className="ws-col-num">
                Waiting
              </th>
              <th scope="col" className="ws-col-num">
                Longest wait
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.name}</th>
                <td className="ws-col-num ws-num">{row.waiting}</td>
                <td className="ws-col-num ws-num">{row.wait}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hint && <p className="field-hint">{hint}</p>}
    </section>
  );
}
