import { createHmac, timingSafeEqual } from 'node:crypto';

import { NOTIFICATION_KINDS, NotificationKind } from './notification-kinds';

/**
 * The unsubscribe link's token: `<userId>.<kind>.<hmac>` signed with a key derived from the JWT secret, so it works
 * without login, cannot be forged for another person or kind, and needs no stored state.
 */
function signature(secret: string, userId: string, kind: string): string {
  const key = createHmac('sha256', secret).update('notifications:unsubscribe').digest();
  return createHmac('sha256', key).update(`${userId}.${kind}`).digest('base64url');
}

export function unsubscribeToken(secret: string, userId: string, kind: NotificationKind): string {
  return `${userId}.${kind}.${signature(secret, userId, kind)}`;
}

/** The (user, kind) a token was made for, or null when it is not one of ours. */
export function readUnsubscribeToken(secret: string, token: string): { userId: string; kind: NotificationKind } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [userId, kind, sig] = parts;
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !NOTIFICATION_KINDS.includes(kind as NotificationKind)) return null;
  const expected = Buffer.from(signature(secret, userId, kind));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, kind: kind as NotificationKind };
}
