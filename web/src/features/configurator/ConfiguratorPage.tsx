import type { User } from '../../api/types';
import { PageHeading } from '../shell/PageHeading';

// Placeholder until the Configurator lands.
export function ConfiguratorPage({ user, tab }: { user: User; tab: string }) {
  return (
    <section className="page">
      <PageHeading title="Configurator" />
      <p>
        {user.email} {tab}
      </p>
    </section>
  );
}
