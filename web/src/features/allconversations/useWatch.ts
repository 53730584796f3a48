// A supervisor's watch socket on one conversation (W7) while it is on screen: GET /api/v1/live?watch=<id>, opened
// and reconnected with backoff by the same LiveClient as the shell's own socket, closed when the page goes. Its
// frames go to the Workspace's store (watch.ts), so the timeline shows the messages and notes of both sides live.
// A watch starts from now, without replay: each hello (the first one, and after a reconnect) fetches the
// conversation, its messages and its notes again, for whatever happened while there was no socket.
import { useMemo, useState } from 'react';
import { watchUrl, type LiveEvent, type LiveState } from '../../live/LiveClient';
import { useLiveConnection } from '../../live/useLiveConnection';
import { useWorkspace } from '../workspace/WorkspaceProvider';
import { applyTypingFrame, NOBODY_TYPING, watchAction, type WatchTyping } from './watch';

export interface Watch {
  state: LiveState;
  typing: WatchTyping;
}

export function useWatch(conversationId: string): Watch {
  const workspace = useWorkspace();
  const [typing, setTyping] = useState<WatchTyping>(NOBODY_TYPING);
  const url = useMemo(() => watchUrl(window.location, conversationId), [conversationId]);
  const { state } = useLiveConnection(
    (event: LiveEvent) => {
      const at = Date.now();
      if (event.type === 'hello') {
        void workspace.refreshConversation(conversationId);
        return;
      }
      const action = watchAction(event, at);
      if (action) {
        workspace.store.dispatch(action);
      }
      setTyping((current) => applyTypingFrame(current, event, at));
    },
    { url, resume: false },
  );
  return { state, typing };
}
