import type { UserStateSource } from "./open-scope.ts";

/** The caller's state as their `UserQuota` object holds it. */
export const quotaUserState: UserStateSource = (env, principal) => env.USER_QUOTA.getByName(principal.userId).state();
