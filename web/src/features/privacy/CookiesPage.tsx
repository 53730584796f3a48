import { Link } from '../../Link';
import { PageHeading } from '../shell/PageHeading';
import './privacy.css';

interface Cookie {
  name: string;
  purpose: string;
  properties: string;
}

// Exactly what the server sets (docs/api.md, Authentication). Keep in step with it.
const COOKIES: readonly Cookie[] = [
  {
    name: 'parley_session',
    purpose: 'Keeps you signed in (your sign-in session).',
    properties: 'HttpOnly (scripts cannot read it), SameSite=Strict. Ends on sign-out, after 30 minutes idle, or 12 hours after sign-in.',
  },
  {
    name: 'parley_csrf',
    purpose: 'Protects against cross-site request forgery: every change you make must carry it.',
    properties: 'Readable by Parley’s own pages, SameSite=Strict. Same lifetime as the session cookie.',
  },
];

/** Which cookies Parley sets; reachable signed in (inside the shell) and signed out (`standalone`). */
export function CookiesPage({ standalone = false }: { standalone?: boolean }) {
  const content = (
    <section className="page">
      <PageHeading title="Cookies" />
      <p className="page-lead">
        Parley sets two cookies, both strictly necessary, and only once you sign in. It uses no other cookies, no
        local or session storage, no analytics and no third-party content.
      </p>
      <table className="table cookie-table">
        <caption className="visually-hidden">Cookies Parley sets</caption>
        <thead>
          <tr>
            <th scope="col">Cookie</th>
            <th scope="col">Category</th>
            <th scope="col">Purpose</th>
            <th scope="col">Properties and lifetime</th>
          </tr>
        </thead>
        <tbody>
          {COOKIES.map((cookie) => (
            <tr key={cookie.name}>
              <th scope="row">
                <code>{cookie.name}</code>
              </th>
              <td>Strictly necessary</td>
              <td>{cookie.purpose}</td>
              <td>{cookie.properties}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Strictly necessary cookies need no consent; Parley does not work without them.</p>
    </section>
  );

  if (!standalone) {
    return content;
  }
  return (
    <div className="standalone-page">
      <p className="auth-brand">Parley</p>
      <main>{content}</main>
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
