export const API_KEY_PREFIX = "ck_";
// `ck_` + 32 random bytes in base64url, as `adminCreateApiKey` (@chorus/db) issues them.
const API_KEY_SHAPE = /^ck_[A-Za-z0-9_-]{43}$/;

/** Checked before any lookup, so malformed keys never cost a database query. */
export function isApiKeyShaped(value: string): boolean {
  return API_KEY_SHAPE.test(value);
}
