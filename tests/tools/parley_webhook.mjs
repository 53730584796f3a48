// What an integrator does with one of Parley's webhook deliveries (docs/api.md, "API channel: outbound
// webhook"): recompute v1=HMAC-SHA256(secret, timestamp + "." + raw body) in hex, compare in constant time,
// and refuse timestamps outside the replay window.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPLAY_WINDOW_SECONDS = 300;

/** null when the delivery is genuine, else why not. */
export function verifySignature(headers, rawBody, secret) {
  const timestamp = headers['x-parley-timestamp'];
  const signature = headers['x-parley-signature'];
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) {
    return 'malformed timestamp';
  }
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) {
    return 'timestamp outside the replay window';
  }
  const expected = Buffer.from(
    'v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex'),
  );
  const matches = (signature ?? '')
    .split(',')
    .map((candidate) => Buffer.from(candidate.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  return matches ? null : 'signature does not match';
}
