/** The body of `GET /v1/settings` (CONTRACT.md). */
export interface UserSettings {
  preferredModel: string | null;
  favoriteModels: string[];
  aiEnabled: boolean;
  /** Requests per `usagePeriod`; null means no personal limit. */
  usageLimit: number | null;
  usagePeriod: "daily" | "monthly";
}

/** What a user has before saving anything. */
export const DEFAULT_SETTINGS: Readonly<UserSettings> = Object.freeze({
  preferredModel: null,
  favoriteModels: [],
  aiEnabled: true,
  usageLimit: null,
  usagePeriod: "monthly",
});
