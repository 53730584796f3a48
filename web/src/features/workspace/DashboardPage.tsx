import type { User } from '../../api/types';
import { PageHeading } from '../shell/PageHeading';

// Placeholder until the Workspace lands.
export function DashboardPage({ user }: { user: User }) {
  return (
    <section className="page">
      <PageHeading title="DashboardPage" />
      <p>{user.email}</p>
    </section>
  );
}
