import type { ReactNode } from 'react';
import type { User } from '../../api/types';

// Placeholder until the Workspace lands: will hold the agent's live conversation state for every page.
export function WorkspaceProvider({ children }: { user: User; children: ReactNode }) {
  return <>{children}</>;
}
