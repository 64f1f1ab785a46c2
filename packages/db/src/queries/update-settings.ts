import type { ChorusDb } from "../create-db.ts";
import { userSettings } from "../schema/user-settings.ts";
import { settingsColumns } from "./settings-columns.ts";
import { DEFAULT_SETTINGS, type UserSettings } from "./user-settings-types.ts";

/**
 * Merges the fields given into the user's settings (`PUT /v1/settings`) and
 * returns the result. One upsert keyed on the user id, so two concurrent
 * partial updates of different fields both land. `undefined` fields are left
 * as they are.
 */
export async function updateSettings(
  db: ChorusDb,
  userId: string,
  patch: Partial<UserSettings>,
  now: Date = new Date(),
): Promise<UserSettings> {
  // Copied field by field: a patch straight from a request body may carry other keys (`userId`).
  const given: Partial<UserSettings> = {};
  if (patch.preferredModel !== undefined) given.preferredModel = patch.preferredModel;
  if (patch.favoriteModels !== undefined) given.favoriteModels = [...patch.favoriteModels];
  if (patch.aiEnabled !== undefined) given.aiEnabled = patch.aiEnabled;
  if (patch.usageLimit !== undefined) given.usageLimit = patch.usageLimit;
  if (patch.usagePeriod !== undefined) given.usagePeriod = patch.usagePeriod;
  const row = await db.insert(userSettings)
    .values({ ...DEFAULT_SETTINGS, ...given, userId, updatedAt: now })
    .onConflictDoUpdate({ target: userSettings.userId, set: { ...given, updatedAt: now } })
    .returning(settingsColumns)
    .get();
  if (!row) throw new Error("user_settings upsert returned no row");
  return row;
}
