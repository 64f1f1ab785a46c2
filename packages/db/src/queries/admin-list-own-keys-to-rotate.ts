import type { ProviderId } from "@chorus/core";
import { and, asc, eq, gt, ne, or } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";
import type { OwnKeyCiphertext } from "./own-key-types.ts";

/** A position in (user id, provider) order, to page through every user's keys. */
export interface OwnKeyCursor {
  userId: string;
  provider: ProviderId;
}

export interface OwnKeyToRotate extends OwnKeyCiphertext {
  userId: string;
  provider: ProviderId;
}

/**
 * Admin, all users: the next `limit` sealed keys not on `currentVersion`,
 * after `after`. Paging by key rather than offset keeps rows that fail to
 * re-seal from being fetched again and again.
 */
export async function adminListOwnKeysToRotate(
  db: ChorusDb,
  options: { currentVersion: number; after?: OwnKeyCursor | null; limit: number },
): Promise<OwnKeyToRotate[]> {
  const { currentVersion, after, limit } = options;
  const position = after
    ? or(
      gt(ownProviderKeys.userId, after.userId),
      and(eq(ownProviderKeys.userId, after.userId), gt(ownProviderKeys.provider, after.provider)),
    )
    : undefined;
  return db
    .select({
      userId: ownProviderKeys.userId,
      provider: ownProviderKeys.provider,
      ciphertext: ownProviderKeys.ciphertext,
      iv: ownProviderKeys.iv,
      keyVersion: ownProviderKeys.keyVersion,
    })
    .from(ownProviderKeys)
    .where(and(ne(ownProviderKeys.keyVersion, currentVersion), position))
    .orderBy(asc(ownProviderKeys.userId), asc(ownProviderKeys.provider))
    .limit(limit);
}
