// One function per /api/v1 endpoint the UI uses (docs/api.md).
import { createApiClient, type ApiClient } from './client';
import type { Session, User } from './types';

let unauthenticatedListener: (() => void) | null = null;

/** The app sets this once; it runs whenever any call answers 401 `unauthenticated`. */
export function setUnauthenticatedListener(listener: (() => void) | null): void {
  unauthenticatedListener = listener;
}

export const api: ApiClient = createApiClient({ onUnauthenticated: () => unauthenticatedListener?.() });

export interface SignInResult {
  user: User;
  csrfToken: string;
}

export const signIn = (email: string, password: string) =>
  api.request<SignInResult>('POST', '/auth/sign-in', { email, password });

export const signOut = () => api.request<void>('POST', '/auth/sign-out');

export const getMe = () => api.request<{ user: User }>('GET', '/me').then((answer) => answer.user);

export const updateMe = (displayName: string) =>
  api.request<{ user: User }>('PATCH', '/me', { displayName }).then((answer) => answer.user);

export const listMySessions = () =>
  api.request<{ items: Session[] }>('GET', '/me/sessions').then((answer) => answer.items);

export const revokeMySession = (id: string) =>
  api.request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`);
