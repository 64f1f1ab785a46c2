export { createDb, type ChorusDb } from "./create-db.ts";
export { utcDay, type DayRange } from "./day-range.ts";
export * from "./schema.ts";

export { DEFAULT_SETTINGS, type UserSettings } from "./queries/user-settings-types.ts";
export { getSettings } from "./queries/get-settings.ts";
export { updateSettings } from "./queries/update-settings.ts";
export { recordUser } from "./queries/record-user.ts";

export type { OwnKeyCiphertext, OwnKeySummary, SealedOwnKey } from "./queries/own-key-types.ts";
export { listOwnKeys } from "./queries/list-own-keys.ts";
export { getOwnKeyCiphertext } from "./queries/get-own-key-ciphertext.ts";
export { putOwnKey } from "./queries/put-own-key.ts";
export { deleteOwnKey } from "./queries/delete-own-key.ts";
export { replaceOwnKeyCiphertext } from "./queries/replace-own-key-ciphertext.ts";
export { adminListOwnKeysToRotate, type OwnKeyCursor, type OwnKeyToRotate } from "./queries/admin-list-own-keys-to-rotate.ts";
export { adminCountOwnKeysNotAtVersion } from "./queries/admin-count-own-keys-not-at-version.ts";

export { recordUsage, usageUpsert, type UsageEvent } from "./queries/record-usage.ts";
export { usageByDay, type UsageDay } from "./queries/usage-by-day.ts";
export { adminUsage, type AdminUsageRow } from "./queries/admin-usage.ts";
export { adminDeleteUsageBefore } from "./queries/admin-delete-usage-before.ts";

export type { ApiKeySummary, CreatedApiKey } from "./queries/api-key-types.ts";
export { hashApiKey } from "./queries/hash-api-key.ts";
export { adminCreateApiKey } from "./queries/admin-create-api-key.ts";
export { adminListApiKeys } from "./queries/admin-list-api-keys.ts";
export { adminRevokeApiKey } from "./queries/admin-revoke-api-key.ts";
export { findApiKeyByHash, type ApiKeyPrincipal } from "./queries/find-api-key-by-hash.ts";
export { markApiKeyUsed } from "./queries/mark-api-key-used.ts";
export { roundUsd } from "./round-usd.ts";

export { findPersona } from "./queries/find-persona.ts";
export { listPersonas, type PersonaFilter } from "./queries/list-personas.ts";
export { createPersona } from "./queries/create-persona.ts";
export { replacePersona } from "./queries/replace-persona.ts";
export { mergePersona } from "./queries/merge-persona.ts";
export { deletePersona } from "./queries/delete-persona.ts";
export {
  adminCreateSystemPersona, adminDeleteSystemPersona, adminGetSystemPersona, adminListSystemPersonas, adminMergeSystemPersona, adminReplaceSystemPersona,
} from "./queries/admin-system-personas.ts";

export { createSession, type NewSession } from "./queries/create-session.ts";
export { findSession } from "./queries/find-session.ts";
export { listSessions } from "./queries/list-sessions.ts";
export { updateSession, touchSession, type SessionChange } from "./queries/update-session.ts";
export { deleteSession } from "./queries/delete-session.ts";

export { findPromptTemplate } from "./queries/find-prompt-template.ts";
export { listPromptTemplates } from "./queries/list-prompt-templates.ts";
export { adminCreatePromptVersion, type NewPromptVersion } from "./queries/admin-create-prompt-version.ts";
export { adminSetPromptLabels } from "./queries/admin-set-prompt-labels.ts";
export { seedPromptVersions } from "./queries/seed-prompt-versions.ts";
export { createJob, type NewJob } from "./queries/create-job.ts";
export { findJob } from "./queries/find-job.ts";
export { listJobs } from "./queries/list-jobs.ts";
export { updateJob, type JobChange } from "./queries/update-job.ts";
export { recordAnswerChecks, type AnswerCheckRow } from "./queries/record-answer-check.ts";
export { submitBuildDraft } from "./queries/submit-build-draft.ts";
export { listBuildDrafts, type BuildDraftFilter } from "./queries/list-build-drafts.ts";
export { adminDecideBuildDraft } from "./queries/admin-decide-build-draft.ts";
