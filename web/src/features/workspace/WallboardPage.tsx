import type { User } from '../../api/types';
import { PageHeading } from '../shell/PageHeading';

// Placeholder until the Workspace lands.
export function WallboardPage({ user }: { user: User }) {
  return (
    <section className="page">
      <PageHeading title="WallboardPage" />
      <p>{user.email}</p>
    </section>
  );
}
