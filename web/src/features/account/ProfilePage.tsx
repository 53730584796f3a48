import { lazy, Suspense, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { updateMe } from '../../api/endpoints';
import type { User } from '../../api/types';
import { formatDateTime, roleLabel } from '../../format';
import { LoadFailure } from '../shell/LoadFailure';
import { PageHeading } from '../shell/PageHeading';
import './account.css';

// Few open it, and its QR code needs an encoder: fetched with the profile, not with the app.
const TwoFactorSection = lazy(() => import('./TwoFactorSection'));

export function ProfilePage({ user, onUserChanged }: { user: User; onUserChanged: (user: User) => void }) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const updated = await updateMe(displayName.trim());
      onUserChanged(updated);
      setDisplayName(updated.displayName);
      setSaved(true);
    } catch (caught) {
      setError(isApiError(caught) ? `Saving failed: ${caught.message}` : 'Saving failed.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="page">
      <PageHeading title="Profile" />
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(user.role)}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </div>
      </dl>
      <form className="form form-narrow" onSubmit={submit}>
        <div className="field">
          <label htmlFor="profile-display-name">Display name</label>
          <input
            id="profile-display-name"
            name="displayName"
            type="text"
            autoComplete="name"
            maxLength={200}
            value={displayName}
            onChange={(event) => {
              setDisplayName(event.target.value);
              setSaved(false);
            }}
          />
          <p className="field-hint">Shown to colleagues and in the header. Contacts do not see it.</p>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button className="button button-primary" type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <span className="form-status" role="status">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
      </form>
      <LoadFailure message="Two-factor sign-in could not be loaded.">
        <Suspense fallback={<p className="muted">Loading two-factor sign-in…</p>}>
          <TwoFactorSection user={user} />
        </Suspense>
      </LoadFailure>
    </section>
  );
}
