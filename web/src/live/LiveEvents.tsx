// Shares the shell's one live connection with every page: its state, and a way to hear its events.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { LiveEvent, LiveState } from './LiveClient';

type Listener = (event: LiveEvent) => void;

/** Fan-out of live events to the components that listen; the shell feeds it. */
export class LiveEventHub {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    this.listeners.forEach((listener) => listener(event));
  }
}

interface LiveContextValue {
  hub: LiveEventHub;
  state: LiveState;
}

const LiveContext = createContext<LiveContextValue | null>(null);

export function LiveEventsProvider({ hub, state, children }: LiveContextValue & { children: ReactNode }) {
  return <LiveContext.Provider value={{ hub, state }}>{children}</LiveContext.Provider>;
}

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) {
    throw new Error('useLiveEvent/useLiveState need a LiveEventsProvider above them');
  }
  return value;
}

/** Calls `onEvent` for every live event while the component is mounted; the latest `onEvent` is used. */
export function useLiveEvent(onEvent: Listener): void {
  const { hub } = useLiveContext();
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => hub.subscribe((event) => latest.current(event)), [hub]);
}

export function useLiveState(): LiveState {
  return useLiveContext().state;
}
