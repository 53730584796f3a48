import type { User } from '../../api/types';
import { PageHeading } from '../shell/PageHeading';

// Placeholder until the Workspace lands.
export function QueuePage({ user }: { user: User }) {
  return (
    <section className="page">
      <PageHeading title="QueuePage" />
      <p>{user.email}</p>
    </section>
  );
}
