import { sha256Hex } from "@chorus/core";

/** Hex SHA-256 of a whole `ck_...` key: what `api_keys.key_hash` holds and `findApiKeyByHash` looks up. */
export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}
