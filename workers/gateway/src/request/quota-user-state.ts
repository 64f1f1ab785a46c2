import { quotaLeasesFor } from "../quota/quota-leases.ts";
import { quotaUnavailable } from "../stages/admission.ts";
import { warnLater } from "./after-response.ts";
import type { UserStateSource } from "./open-scope.ts";

/** The caller's state as this isolate holds it from their `UserQuota` object (`QuotaLeases`: from memory once known). */
export const quotaUserState: UserStateSource = (env, principal) =>
  quotaLeasesFor(env.USER_QUOTA).userState(principal.userId).catch((error: unknown) => {
    throw quotaUnavailable({ warn: (label, cause) => warnLater(undefined, label, cause) }, "user state unavailable", error);
  });
