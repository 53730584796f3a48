import type { User } from '../../api/types';

// Placeholder until invites land: /invite#<token> lets an invitee set a password and signs them in.
export function InvitePage({ currentUser }: { currentUser: User | null; onSignedIn: (user: User) => void }) {
  return <main>{currentUser ? currentUser.email : 'Invite'}</main>;
}
