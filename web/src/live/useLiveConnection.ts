import { useEffect, useRef, useState } from 'react';
import { LiveClient, liveUrl, type LiveEvent, type LiveState } from './LiveClient';
import { endsSession } from './sessionEnd';

export interface LiveConnection {
  state: LiveState;
  /** Stops the socket (before signing out: a reconnect racing the sign-out would be refused, loudly). */
  pause: () => void;
  /** Starts it again after pause() (signing out failed). */
  resume: () => void;
}

/** Which socket: the signed-in person's own (the default), or another such as a watch (`watchUrl`). */
export interface LiveConnectionOptions {
  url?: string;
  /** See LiveClientOptions.resume. */
  resume?: boolean;
}

/**
 * Keeps one LiveClient open while the component is mounted (i.e. while signed in) and returns its state.
 * `onEvent` may change between renders; the latest one is always called. A new `url` opens a new socket.
 */
export function useLiveConnection(
  onEvent: (event: LiveEvent) => void,
  { url, resume: resumes = true }: LiveConnectionOptions = {},
): LiveConnection {
  const [state, setState] = useState<LiveState>('connecting');
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const clientRef = useRef<LiveClient | null>(null);

  useEffect(() => {
    const client = new LiveClient({
      url: url ?? liveUrl(window.location),
      resume: resumes,
      onState: setState,
      onEvent: (event) => {
        if (endsSession(event)) {
          client.stop();
        }
        onEventRef.current(event);
      },
    });
    clientRef.current = client;
    client.start();
    return () => {
      clientRef.current = null;
      client.stop();
    };
  }, [url, resumes]);

  const pause = useRef(() => clientRef.current?.stop()).current;
  const resume = useRef(() => clientRef.current?.start()).current;
  return { state, pause, resume };
}
