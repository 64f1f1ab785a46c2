import type * as z from "zod";
import type { featureSchema, profileSchema, profilesConfigSchema, providerPolicySchema } from "./schemas/profiles-config-schema.ts";

export { DIRECT_PROFILE } from "./schemas/profiles-config-schema.ts";

export type ProfileConfig = z.output<typeof profileSchema>;
export type ProviderPolicy = z.output<typeof providerPolicySchema>;
export type FeatureConfig = z.output<typeof featureSchema>;

/** `config/llm-profiles.json` (or `LLM_PROFILES`) once checked. */
export type ProfilesConfig = z.output<typeof profilesConfigSchema>;

/** Profiles plus the pins that choose among them. */
export type ProfileSet = Pick<ProfilesConfig, "defaultProfile" | "profiles" | "modes" | "surfaces">;

export const BUILT_IN_PROFILES = ["compat", "frontier", "balanced", "fast", "cheap"] as const;
