import { useEffect, useState, type FormEvent } from 'react';
import { getRoutingSettings, updateRoutingSettings } from '../../../api/routing';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { describeDuration, minutesTextToSeconds, secondsTextToSeconds, secondsToMinutesText } from './duration';

const MAX_REOPEN_SECONDS = 2592000;
const MAX_GRACE_SECONDS = 86400;

export function SettingsTab() {
  const { resource, reload, setData } = useResource(getRoutingSettings);
  const [reopen, setReopen] = useState('');
  const [grace, setGrace] = useState('');
  const save = useAction();
  const loaded = resource.status === 'ready' ? resource.data : null;

  useEffect(() => {
    if (loaded) {
      setReopen(secondsToMinutesText(loaded.reopenWindowSeconds));
      setGrace(String(loaded.offlineGraceSeconds));
    }
    // Only when the settings arrive, not on every edit.
  }, [loaded]);

  const reopenSeconds = minutesTextToSeconds(reopen, 'The reopen window', MAX_REOPEN_SECONDS);
  const graceSeconds = secondsTextToSeconds(grace, 'The offline grace period', MAX_GRACE_SECONDS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = [reopenSeconds, graceSeconds].find((value) => typeof value === 'string');
    if (typeof problem === 'string') {
      save.fail(problem);
      return;
    }
    const settings = await save.run(
      'Saving settings…',
      () =>
        updateRoutingSettings({
          reopenWindowSeconds: reopenSeconds as number,
          offlineGraceSeconds: graceSeconds as number,
        }).then((answer) => answer.settings),
      'Settings saved.',
    );
    if (settings) {
      setData(() => settings);
    }
  }

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    save.reset();
  };

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title" tabIndex={-1}>
        Settings
      </h2>
      <p className="page-lead">How conversations come back, and how long Parley waits for an agent who went offline.</p>
      {resource.status === 'loading' && <Loading what="settings" />}
      {resource.status === 'failed' && (
        <LoadError what="Settings" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <form className="form form-narrow" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="settings-reopen">Reopen window (minutes)</label>
            <input
              id="settings-reopen"
              type="text"
              inputMode="decimal"
              value={reopen}
              aria-describedby="settings-reopen-hint"
              aria-invalid={typeof reopenSeconds === 'string' ? true : undefined}
              onChange={(event) => edit(setReopen)(event.target.value)}
            />
            <p className="field-hint" id="settings-reopen-hint">
              {typeof reopenSeconds === 'number'
                ? reopenSeconds === 0
                  ? 'Closed conversations are never reopened; a new message starts a new conversation.'
                  : `A new message within ${describeDuration(reopenSeconds)} of closing reopens the conversation.`
                : 'At most 43200 minutes (30 days).'}
            </p>
          </div>
          <div className="field">
            <label htmlFor="settings-grace">Offline grace period (seconds)</label>
            <input
              id="settings-grace"
              type="text"
              inputMode="numeric"
              value={grace}
              aria-describedby="settings-grace-hint"
              aria-invalid={typeof graceSeconds === 'string' ? true : undefined}
              onChange={(event) => edit(setGrace)(event.target.value)}
            />
            <p className="field-hint" id="settings-grace-hint">
              {typeof graceSeconds === 'number'
                ? graceSeconds === 0
                  ? 'An agent who goes offline hands back their conversations at once.'
                  : `An agent who goes offline keeps their conversations for ${describeDuration(graceSeconds)}, then they return to the queue at their old place.`
                : 'At most 86400 seconds (1 day).'}
            </p>
          </div>
          <ActionError action={save} />
          <div className="form-actions">
            <button className="button button-primary" type="submit" disabled={save.pending !== null}>
              Save settings
            </button>
            <ActionLive action={save} />
          </div>
        </form>
      )}
    </section>
  );
}
