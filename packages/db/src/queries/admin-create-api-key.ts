import type { ChorusDb } from "../create-db.ts";
import { apiKeys } from "../schema/api-keys.ts";
import type { CreatedApiKey } from "./api-key-types.ts";
import { hashApiKey } from "./hash-api-key.ts";

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Admin: a new `ck_` key (256 random bits) bound to `userId`. Only its hash is stored. */
export async function adminCreateApiKey(
  db: ChorusDb,
  input: { userId: string; name: string },
  now: Date = new Date(),
): Promise<CreatedApiKey> {
  const key = `ck_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const id = crypto.randomUUID();
  await db.insert(apiKeys).values({ id, userId: input.userId, name: input.name, keyHash: await hashApiKey(key), createdAt: now });
  return { id, key, userId: input.userId, name: input.name, createdAt: now.toISOString() };
}
