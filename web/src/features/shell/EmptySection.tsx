import type { User } from '../../api/types';
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
      </div>
    </section>
  );
}
