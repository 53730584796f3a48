import type { User } from '../../api/types';
import { Link } from '../../Link';
import { PageHeading } from './PageHeading';
import type { Section } from './sections';

export function EmptySection({ section, user }: { section: Section; user: User }) {
  const name = user.displayName || user.email;
  return (
    <section className="page">
      <PageHeading title={section.label} />
      {section.path === '/workspace' && <p className="page-lead">Welcome, {name}.</p>}
      <div className="empty-state">
        <p className="empty-title">Nothing here yet</p>
        <p>{section.purpose}</p>
        {section.path === '/privacy' && (
          <p>
            What Parley stores in your browser is listed under <Link to="/cookies">Cookies</Link>.
          </p>
        )}
      </div>
    </section>
  );
}
