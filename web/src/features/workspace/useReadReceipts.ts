// Feeds the read-receipt controller (state/receipts.ts) what the agent has on screen: the open conversation,
// whether its messages are loaded, the contact's messages in it, and whether the page is visible.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Message } from '../../api/routing';
import { createReadReceipts, inboundSignature } from './state/receipts';
import type { Bucket } from './state/workspaceState';
import { useWorkspace } from './WorkspaceProvider';

function subscribeVisibility(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

/** Whether the page is visible (not a background tab, not a minimised window). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === 'visible',
    () => true,
  );
}

/** Marks the contact's messages in `conversationId` read while it is on screen (see createReadReceipts). */
export function useReadReceipts(conversationId: string, messages: Bucket<Message> | undefined): void {
  const workspace = useWorkspace();
  const visible = usePageVisible();
  const receipts = useMemo(() => createReadReceipts((id) => workspace.markRead(id)), [workspace]);
  useEffect(() => () => receipts.stop(), [receipts]);

  const ready = messages?.status === 'ready';
  const items = messages?.items;
  const inbound = useMemo(() => inboundSignature(items ?? []), [items]);
  useEffect(() => {
    receipts.update({ conversationId, ready, inbound, visible });
  }, [receipts, conversationId, ready, inbound, visible]);
}
