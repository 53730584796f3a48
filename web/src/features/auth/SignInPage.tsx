import { useRef, useState, type FormEvent } from 'react';
import { signIn } from '../../api/endpoints';
import type { User } from '../../api/types';
import { Link } from '../../Link';
import { useDocumentTitle } from '../../useDocumentTitle';
import { signInMessage } from './signInMessage';
import './auth.css';

interface SignInPageProps {
  onSignedIn: (user: User) => void;
  /** Shown above the form, e.g. after the session ended. */
  notice?: string | null;
}

export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await signIn(email.trim(), password);
      onSignedIn(user);
    } catch (caught) {
      setError(signInMessage(caught));
      setPassword('');
      setSubmitting(false);
      passwordRef.current?.focus();
    }
  }

  return (
    <div className="auth-page">
      <main className="auth-card" aria-labelledby="signin-title">
        <p className="auth-brand">Parley</p>
        <h1 id="signin-title">Sign in</h1>
        {notice && (
          <p className="auth-notice" role="status">
            {notice}
          </p>
        )}
        <form className="form" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
          <div className="field">
            <label htmlFor="signin-email">Email</label>
            <input
              id="signin-email"
              name="email"
              type="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">Password</label>
            <input
              id="signin-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              ref={passwordRef}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {error && (
            <p id="signin-error" className="form-error" role="alert">
              {error}
            </p>
          )}
          <button className="button button-primary button-wide" type="submit" disabled={submitting}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
      <footer className="auth-footer">
        <Link to="/cookies">Cookies</Link>
      </footer>
    </div>
  );
}
