// The sign-in page's address, and the sign-in link that names a workspace (`/sign-in?workspace=ten_…`): how the
// page reads it and how the Configurator's Workspace tab makes it. Someone in more than three workspaces reaches the
// others only so: without a workspace named, the server tries the password in their three oldest alone.

/** Where the sign-in page is. */
export const SIGN_IN_PATH = '/sign-in';

/** The query parameter naming the workspace (tenant) a sign-in link signs in to. */
export const WORKSPACE_PARAM = 'workspace';

/** The longest tenant id taken from an address, prefix included; real ones are far shorter. */
export const MAX_WORKSPACE_ID_CHARS = 64;

// A tenant id as the server makes them ("ten_" and URL-safe characters), checked loosely: the server decides.
const TENANT_ID = /^ten_[A-Za-z0-9_-]+$/;

/** Whether `value` could be a tenant id: "ten_" and URL-safe characters, at most MAX_WORKSPACE_ID_CHARS. */
export function isTenantId(value: string): boolean {
  return value.length <= MAX_WORKSPACE_ID_CHARS && TENANT_ID.test(value);
}

/**
 * The tenant id a sign-in link names, from the page's query string ("?workspace=ten_…"); null when there is none
 * or it is not one (anything else in the address is ignored).
 */
export function readWorkspaceParam(search: string): string | null {
  const value = new URLSearchParams(search).get(WORKSPACE_PARAM);
  return value !== null && isTenantId(value) ? value : null;
}

/** The sign-in link that signs in straight to the workspace `tenantId`, on the server at `origin`. */
export const workspaceSignInLink = (origin: string, tenantId: string): string =>
  `${origin}${SIGN_IN_PATH}?${WORKSPACE_PARAM}=${encodeURIComponent(tenantId)}`;
