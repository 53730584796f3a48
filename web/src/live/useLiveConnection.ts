import { useEffect, useRef, useState } from 'react';
import { LiveClient, liveUrl, type LiveEvent, type LiveState } from './LiveClient';
import { endsSession } from './sessionEnd';

/**
 * Keeps one LiveClient open while the component is mounted (i.e. while signed in) and returns its state.
 * `onEvent` may change between renders; the latest one is always called.
 */
export function useLiveConnection(onEvent: (event: LiveEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

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
    client.start();
    return () => client.stop();
  }, []);

  return state;
}
