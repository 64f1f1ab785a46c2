import { userSettings } from "../schema/user-settings.ts";

/** The columns that make up `UserSettings`, selected and returned under those names. */
export const settingsColumns = {
  preferredModel: userSettings.preferredModel,
  favoriteModels: userSettings.favoriteModels,
  aiEnabled: userSettings.aiEnabled,
  usageLimit: userSettings.usageLimit,
  usagePeriod: userSettings.usagePeriod,
};
