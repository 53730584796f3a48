// W1: presence, auto-allocate, own skills (active/inactive), load, and today's figures for me and the team.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getMyStats, type AgentPatch, type MyStats, type Presence } from '../../api/routing';
import type { User } from '../../api/types';
import { formatClock } from '../../format';
import { useLiveEvent } from '../../live/LiveEvents';
import { PageHeading } from '../shell/PageHeading';
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from './notify';
import { createThrottle } from './state/store';
import { averageText } from './state/stats';
import { selectMine } from './state/workspaceState';
import { useSecondsSince } from './useNow';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

const PRESENCES: { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

type StatsLoad = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; stats: MyStats };

export function DashboardPage({ user }: { user: User }) {
  const workspace = useWorkspace();
  const state = useWorkspaceState();
  const me = state.me;
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const presenceId = useId();

  useEffect(() => {
    void workspace.refreshAgent();
  }, [workspace]);

  async function save(what: string, patch: AgentPatch, done: string) {
    setSaving(what);
    setError(null);
    try {
      await workspace.updateMe(patch);
      setStatus(done);
    } catch (failure) {
      setError(`Could not save: ${describeError(failure)}`);
    } finally {
      setSaving(null);
    }
  }

  const skillName = (id: string) => state.lookups.skills.find((skill) => skill.id === id)?.name ?? id;
  const openCount = selectMine(state).length;

  return (
    <section className="page ws-dashboard">
      <PageHeading title="Dashboard" />
      <p className="page-lead">
        Hello {user.displayName || user.email}. Set whether you take conversations, and see how today is going.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>

      <div className="ws-cards">
        <section className="ws-card" aria-labelledby="ws-status-heading">
          <h2 id="ws-status-heading" className="ws-card-title">
            Your status
          </h2>
          {!me ? (
            <p className="muted">Loading your routing settings…</p>
          ) : (
            <div className="ws-controls">
              <div className="field">
                <label htmlFor={presenceId}>Presence</label>
                <select
                  id={presenceId}
                  className="ws-select"
                  value={me.presence}
                  disabled={saving === 'presence'}
                  onChange={(event) => {
                    const presence = event.target.value as Presence;
                    void save('presence', { presence }, `Presence set to ${presence}.`);
                  }}
                >
                  {PRESENCES.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
              <Switch
                label="Auto-allocate"
                hint="Get conversations from the queue automatically while available."
                checked={me.autoAllocate}
                disabled={saving === 'autoAllocate'}
                onChange={(autoAllocate) =>
                  void save('autoAllocate', { autoAllocate }, `Auto-allocate ${autoAllocate ? 'on' : 'off'}.`)
                }
              />
              <div className="ws-load" aria-live="off">
                <p className="ws-figure-label" id="ws-load-label">
                  Load
                </p>
                <p className="ws-figure-value">
                  <span className="ws-num">{me.load}</span> of <span className="ws-num">{me.capacity}</span>
                </p>
                <meter
                  className="ws-meter"
                  aria-labelledby="ws-load-label"
                  min={0}
                  max={Math.max(1, me.capacity)}
                  value={Math.min(me.load, Math.max(1, me.capacity))}
                />
                <p className="field-hint">
                  {openCount === 1 ? '1 conversation open here' : `${openCount} conversations open here`}
                  {me.missedOffers > 0 && ` · ${me.missedOffers} missed offer${me.missedOffers === 1 ? '' : 's'}`}
                </p>
              </div>
            </div>
          )}
        </section>

        <section className="ws-card" aria-labelledby="ws-skills-heading">
          <h2 id="ws-skills-heading" className="ws-card-title">
            Your skills
          </h2>
          {!me ? (
            <p className="muted">Loading…</p>
          ) : me.skills.length === 0 ? (
            <p className="muted">You have no skills yet; an admin adds them in the Configurator.</p>
          ) : (
            <>
              <p className="field-hint">Only active skills count when conversations are allocated.</p>
              <ul className="ws-skill-list">
                {me.skills.map((skill) => (
                  <li key={skill.skillId}>
                    <Switch
                      checkbox
                      label={skillName(skill.skillId)}
                      checked={skill.active}
                      disabled={saving === 'skills'}
                      onChange={(active) =>
                        void save(
                          'skills',
                          {
                            skills: me.skills.map((each) =>
                              each.skillId === skill.skillId ? { skillId: each.skillId, active } : each,
                            ),
                          },
                          `${skillName(skill.skillId)} ${active ? 'active' : 'inactive'}.`,
                        )
                      }
                    />
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>

      <Figures />
      <NotificationsCard />
    </section>
  );
}

/** An on/off control: a switch (button with aria-checked), or a plain checkbox for items of a list. */
function Switch(props: {
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  checkbox?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="ws-switch">
      {props.checkbox ? (
        <input
          id={id}
          type="checkbox"
          className="ws-switch-input"
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          onChange={(event) => props.onChange(event.target.checked)}
        />
      ) : (
        <button
          id={id}
          type="button"
          role="switch"
          className="ws-switch-input"
          aria-checked={props.checked}
          aria-labelledby={`${id}-label`}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          disabled={props.disabled}
          onClick={() => props.onChange(!props.checked)}
        />
      )}
      <label htmlFor={id} id={`${id}-label`} className="ws-switch-label">
        {props.label}
      </label>
      {props.hint && (
        <p className="field-hint ws-switch-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

function Figures() {
  const [load, setLoad] = useState<StatsLoad>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setLoad({ status: 'ready', stats: await getMyStats() });
    } catch (error) {
      // Keep the last figures on a passing failure.
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: describeError(error) }));
    }
  }, []);
  const throttle = useMemo(() => createThrottle(() => void refresh(), 5000), [refresh]);
  useEffect(() => {
    throttle.call();
    return () => throttle.cancel();
  }, [throttle]);
  useLiveEvent((event) => {
    // agent.updated: my own presence counts among the team's available agents.
    if (['queue.changed', 'resync', 'conversation.closed', 'agent.updated'].includes(event.type)) {
      throttle.call();
    }
  });

  return (
    <section className="ws-card ws-figures-card" aria-labelledby="ws-today-heading">
      <h2 id="ws-today-heading" className="ws-card-title">
        Today
      </h2>
      {load.status === 'loading' && <p className="muted">Loading figures…</p>}
      {load.status === 'failed' && (
        <p className="form-error" role="alert">
          Figures could not be loaded: {load.message}
        </p>
      )}
      {load.status === 'ready' && (
        <div className="ws-figure-groups">
          <div>
            <h3 className="ws-group-title">You</h3>
            <dl className="ws-figures">
              <Figure label="Handled" value={String(load.stats.today.handled)} />
              <Figure
                label="Avg. first response"
                value={averageText(load.stats.today.averageFirstResponseSeconds, load.stats.today.handled)}
              />
              <Figure
                label="Avg. handling time"
                value={averageText(load.stats.today.averageHandlingSeconds, load.stats.today.handled)}
              />
            </dl>
          </div>
          <div>
            <h3 className="ws-group-title">Team</h3>
            <dl className="ws-figures">
              <Figure label="Waiting" value={String(load.stats.team.queueLength)} />
              <LongestWait since={load.stats.team.oldestEnqueuedAt} />
              <Figure label="Agents available" value={String(load.stats.team.agentsAvailable)} />
              <Figure label="Handled" value={String(load.stats.team.handledToday)} />
            </dl>
          </div>
        </div>
      )}
    </section>
  );
}

/** A figure: its label and value. `emphasis`: it asks for attention (a border and bold, not colour alone). */
export function Figure({ label, value, testId, emphasis }: { label: string; value: string; testId?: string; emphasis?: boolean }) {
  return (
    <div className={emphasis ? 'ws-figure ws-figure-alert' : 'ws-figure'}>
      <dt className="ws-figure-label">{label}</dt>
      <dd className="ws-figure-value ws-num" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function LongestWait({ since }: { since: string | null }) {
  const seconds = useSecondsSince(since);
  return <Figure label="Longest wait" value={since ? formatClock(seconds) : '—'} />;
}

function NotificationsCard() {
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  return (
    <section className="ws-card" aria-labelledby="ws-notify-heading">
      <h2 id="ws-notify-heading" className="ws-card-title">
        Notifications
      </h2>
      <p className="field-hint">
        New conversations always play a short sound and show a message here. The browser can also tell you while
        Parley is in the background.
      </p>
      {permission === 'default' && (
        <button
          className="button"
          type="button"
          onClick={() => void requestNotificationPermission().then(setPermission)}
        >
          Enable desktop notifications
        </button>
      )}
      {permission === 'granted' && <p role="status">Desktop notifications are on.</p>}
      {permission === 'denied' && (
        <p role="status">Desktop notifications are blocked; allow them in the browser’s site settings.</p>
      )}
      {permission === 'unsupported' && <p>This browser does not offer desktop notifications.</p>}
    </section>
  );
}
