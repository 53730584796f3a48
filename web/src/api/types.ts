// Shapes of /api/v1 as docs/api.md specifies them.

export type Role = 'admin' | 'supervisor' | 'agent' | 'dpo';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string;
  current: boolean;
}

/** Every code the server's one error shape can carry, plus two the client makes up itself. */
export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  /** 409 on a reply: the channel's reply window (WhatsApp's 24 hours) is closed; the message says since when. */
  | 'reply_window_closed'
  | 'payload_too_large'
  | 'header_too_large'
  | 'unsupported_media_type'
  | 'too_many_attempts'
  | 'not_ready'
  | 'internal'
  /** Client side: the request never got an answer (offline, server down, connection reset). */
  | 'network_error'
  /** Client side: an answer that is not the documented shape (e.g. an HTML page from a proxy). */
  | 'unexpected_response';
