// What the contacts pages take from the Workspace they sit in: the channels' names, and its cache of contacts.
import { useCallback, useSyncExternalStore } from 'react';
import type { Channel, Contact } from '../../api/routing';
import { useWorkspace } from '../workspace/WorkspaceProvider';

/** The tenant's channels as the Workspace keeps them (null until listed), for channel names. */
export function useChannels(): readonly Channel[] | null {
  const { store } = useWorkspace();
  return useSyncExternalStore(store.subscribe, () => store.getState().lookups.channels);
}

/** Tells the Workspace a contact changed, so conversation views already showing it show it as saved. */
export function useContactSaved(): (contact: Contact) => void {
  const { store } = useWorkspace();
  return useCallback(
    (contact: Contact) => {
      if (store.getState().contacts[contact.id]) {
        store.dispatch({ type: 'contactLoaded', contact });
      }
    },
    [store],
  );
}
