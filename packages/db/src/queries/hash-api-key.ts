/** Hex SHA-256 of a whole `ck_...` key: what `api_keys.key_hash` holds and `findApiKeyByHash` looks up. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
