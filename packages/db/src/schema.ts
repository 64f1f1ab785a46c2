export { apiKeys } from "./schema/api-keys.ts";
export { ownProviderKeys } from "./schema/own-provider-keys.ts";
export { usageDaily } from "./schema/usage-daily.ts";
export { userSettings } from "./schema/user-settings.ts";
export { users, type Plan } from "./schema/users.ts";
export { personas } from "./schema/personas.ts";
export { sessions } from "./schema/sessions.ts";
export { jobs } from "./schema/jobs.ts";
