import { eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { userSettings } from "../schema/user-settings.ts";
import { settingsColumns } from "./settings-columns.ts";
import { DEFAULT_SETTINGS, type UserSettings } from "./user-settings-types.ts";

/** The user's settings, or the defaults when they never saved any. */
export async function getSettings(db: ChorusDb, userId: string): Promise<UserSettings> {
  const row = await db.select(settingsColumns).from(userSettings).where(eq(userSettings.userId, userId)).get();
  return row ?? { ...DEFAULT_SETTINGS, favoriteModels: [] };
}
