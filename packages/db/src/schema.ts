export { apiKeys } from "./schema/api-keys.ts";
export { ownProviderKeys } from "./schema/own-provider-keys.ts";
export { usageDaily } from "./schema/usage-daily.ts";
export { userSettings } from "./schema/user-settings.ts";
export { users, type Plan } from "./schema/users.ts";
export { personas } from "./schema/personas.ts";
export { sessions } from "./schema/sessions.ts";
export { promptVersions } from "./schema/prompt-versions.ts";
export { promptLabels } from "./schema/prompt-labels.ts";
