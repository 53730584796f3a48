import type { User } from '../../api/types';
import { PageHeading } from '../shell/PageHeading';

// Placeholder until the Workspace lands.
export function ConversationsPage({ user, conversationId }: { user: User; conversationId: string | null }) {
  return (
    <section className="page">
      <PageHeading title="Conversations" />
      <p>
        {user.email} {conversationId}
      </p>
    </section>
  );
}
