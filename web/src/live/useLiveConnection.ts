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

/**
 * Keeps one LiveClient open while the component is mounted (i.e. while signed in) and returns its state.
 * `onEvent` may change between renders; the latest one is always called.
 */
export function useLiveConnection(onEvent: (event: LiveEvent) => void): LiveConnection {
  const [state, setState] = useState<LiveState>('connecting');
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const clientRef = useRef<LiveClient | null>(null);

  useEffect(() => {
    const client = new LiveClient({
      url: liveUrl(window.location),
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
  }, []);

  const pause = useRef(() => clientRef.current?.stop()).current;
  const resume = useRef(() => clientRef.current?.start()).current;
  return { state, pause, resume };
}
