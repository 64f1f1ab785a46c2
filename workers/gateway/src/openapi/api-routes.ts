import {
  characterCardSchema, chatRequestSchema, createJobSchema, createSessionSchema, embeddingRequestSchema, patchSessionSchema, personaInputSchema,
  personaPatchSchema, personaPreviewSchema, personaReplaceSchema, postSessionMessageSchema, promptCreateSchema, promptLabelsPatchSchema,
  promptRenderSchema, responsesRequestSchema, buildDraftSubmitSchema,
} from "@chorus/core";
import { devLoginBody } from "../auth/dev-login-route.ts";
import { settingsPatchSchema } from "../http/settings-patch-schema.ts";
import { ownKeyBody, ownKeyTestBody } from "../own-keys/own-key-bodies.ts";
import { createApiKeyBody } from "../routes/admin-api-keys.ts";
import { rotateBody } from "../routes/admin-keys-rotate.ts";
import type { ApiRoute } from "./api-route.ts";

const persona = "a persona: {ref, key, source, name, role, avatar, systemPrompt, context, voice, knowledge[], constraints[], sampleQueries[], tags[], tools[], profile, visibility, createdAt, updatedAt}";
const personaBody = { name: "PersonaInput", schema: personaInputSchema };
const prompt = "a template version: {name, version, labels[], description, messages: [{role, content}], variables: <JSON Schema>, createdAt}";
const promptSummary = "{name, description, latestVersion, labels: {label: version or {version: weight}}, updatedAt}";
const buildDraft = "a build draft: {id, taskId, route, profile, provider, model, prompt, promptHash, content, responseHash, status: pending|approved|rejected, submittedBy, submittedAt, decidedBy, decidedAt}";
const draftStatus = { status: "only drafts in this status (pending, approved, rejected)" };
const dayRange = { from: "first UTC day, YYYY-MM-DD (default: 29 days before `to`)", to: "last UTC day, YYYY-MM-DD (default: today)" };

/**
 * Every route the gateway serves, in CONTRACT.md's order: the OpenAPI
 * document (`GET /openapi.json`) is generated from this table, with the
 * request bodies' JSON Schemas generated from the zod schemas the routes
 * validate them with. A Workers test checks that every route the app
 * serves is here.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: "get", path: "/healthz", summary: "Health", tag: "Gateway", auth: "none", content: "json", response: "`{ok: true, providers, demo, defaultProfile}` once the gateway can serve" },
  { method: "post", path: "/v1/chat/completions", summary: "Chat completion (OpenAI-compatible)", tag: "AI", auth: "user", body: { name: "ChatRequest", schema: chatRequestSchema }, content: "json-or-sse", response: "a `chat.completion`, or with `stream: true` SSE of `chat.completion.chunk` ending `data: [DONE]`; `x-chorus-*` headers say who served" },
  { method: "post", path: "/v1/embeddings", summary: "Embeddings (OpenAI-compatible)", tag: "AI", auth: "user", body: { name: "EmbeddingRequest", schema: embeddingRequestSchema }, content: "json", response: "an OpenAI `list` of embeddings" },
  { method: "post", path: "/v1/responses", summary: "Responses API (stateless subset)", tag: "AI", auth: "user", body: { name: "ResponsesRequest", schema: responsesRequestSchema }, content: "json-or-sse", response: "a `response` object (`output` items `message` with `output_text`, or `function_call`; `usage`), or with `stream: true` the Responses events, each with `sequence_number`, no `[DONE]`; `previous_response_id`, `store: true` -> 400 `unsupported_parameter`" },
  { method: "get", path: "/v1/models", summary: "Models the caller may use", tag: "AI", auth: "user", content: "json", response: "OpenAI list format: the profiles and the concrete `provider/model` ids" },
  { method: "get", path: "/v1/settings", summary: "The caller's settings", tag: "Account", auth: "user", content: "json", response: "`{preferredModel, favoriteModels[], aiEnabled, usageLimit, usagePeriod}`" },
  { method: "put", path: "/v1/settings", summary: "Change settings (merges the fields given)", tag: "Account", auth: "user", body: { name: "SettingsPatch", schema: settingsPatchSchema }, content: "json", response: "the settings after the change" },
  { method: "get", path: "/v1/settings/keys", summary: "The caller's own provider keys", tag: "Account", auth: "user", content: "json", response: "`[{provider, last4, createdAt}]`, never the key" },
  { method: "put", path: "/v1/settings/keys/{provider}", summary: "Store an own key (encrypted at rest)", tag: "Account", auth: "user", body: { name: "OwnKey", schema: ownKeyBody }, content: "json", response: "`{provider, last4, createdAt}`" },
  { method: "delete", path: "/v1/settings/keys/{provider}", summary: "Remove an own key", tag: "Account", auth: "user", content: "empty", status: 204, response: "removed" },
  { method: "post", path: "/v1/settings/keys/{provider}/test", summary: "Test an own key", tag: "Account", auth: "user", body: { name: "OwnKeyTest", schema: ownKeyTestBody, optional: true }, content: "json", response: "`{ok, latencyMs, error?}`" },
  { method: "get", path: "/v1/usage", summary: "The caller's usage per UTC day", tag: "Account", auth: "user", query: dayRange, content: "json", response: "`{days: [{date, requests, cachedRequests, ownKeyRequests, fallbackRequests, tokensIn, tokensOut, costUsd, estimated}]}`" },
  { method: "get", path: "/v1/me", summary: "What the caller may do now", tag: "Account", auth: "user", content: "json", response: "`{userId, tier, plan, role, workspace, aiAvailable, reason?, sample?: {used, limit}, limits: {requestsPerMinute, tokensPerDay, tokensUsedToday, usageLimit, usagePeriod, usageUsed}, ownKeyProviders}`; `aiAvailable` is false with `reason` exactly when the next chat request would be refused, with that code" },
  { method: "get", path: "/v1/personas", summary: "List personas", tag: "Personas", auth: "user", query: { tag: "only personas with this tag", q: "only personas whose name or role contains this" }, content: "json", response: `\`{data: [${persona}...]}\`: system first, then the caller's own, then shared ones` },
  { method: "post", path: "/v1/personas", summary: "Create a persona", tag: "Personas", auth: "user", body: personaBody, status: 201, content: "json", response: persona },
  { method: "post", path: "/v1/personas/import", summary: "Import a Character Card V2/V3", tag: "Personas", auth: "user", body: { name: "CharacterCard", schema: characterCardSchema }, query: { key: "the new persona's key (default: slugged from the card's name)" }, status: 201, content: "json", response: persona },
  { method: "get", path: "/v1/personas/{ref}", summary: "Get a persona", tag: "Personas", auth: "user", content: "json", response: persona },
  { method: "put", path: "/v1/personas/{ref}", summary: "Replace a persona", tag: "Personas", auth: "user", body: { name: "PersonaReplace", schema: personaReplaceSchema }, content: "json", response: persona },
  { method: "patch", path: "/v1/personas/{ref}", summary: "Change a persona (merges the fields given)", tag: "Personas", auth: "user", body: { name: "PersonaPatch", schema: personaPatchSchema }, content: "json", response: persona },
  { method: "delete", path: "/v1/personas/{ref}", summary: "Delete a persona", tag: "Personas", auth: "user", status: 204, content: "empty", response: "deleted" },
  { method: "get", path: "/v1/personas/{ref}/export", summary: "Export a persona as a Character Card V2", tag: "Personas", auth: "user", content: "json", response: "a `chara_card_v2` card" },
  { method: "post", path: "/v1/personas/{ref}/preview", summary: "One answer in the persona's voice", tag: "Personas", auth: "user", body: { name: "PersonaPreview", schema: personaPreviewSchema }, content: "json-or-sse", response: "a `chat.completion`, or its SSE with `stream: true`" },
  { method: "get", path: "/v1/prompts", summary: "List prompt templates", tag: "Prompts", auth: "user", content: "json", response: `\`{data: [${promptSummary}...]}\`` },
  { method: "get", path: "/v1/prompts/{name}", summary: "Get a prompt template version", tag: "Prompts", auth: "user", query: { version: "a version number", label: "a label (default `production`, else `latest`); a split label picks per caller, sticky" }, content: "json", response: prompt },
  { method: "post", path: "/v1/prompts/{name}/render", summary: "Render a prompt template", tag: "Prompts", auth: "user", body: { name: "PromptRender", schema: promptRenderSchema }, content: "json", response: "`{name, version, messages}`; variables that fail the template's schema are a 400 naming the variable in `param`" },
  { method: "get", path: "/v1/sessions", summary: "List the caller's sessions", tag: "Sessions", auth: "user", content: "json", response: "`{data: [session...]}`" },
  { method: "post", path: "/v1/sessions", summary: "Start a session", tag: "Sessions", auth: "user", body: { name: "CreateSession", schema: createSessionSchema, optional: true }, status: 201, content: "json", response: "`{id, title, persona, participants, model, contextTokens, createdAt, updatedAt}`" },
  { method: "get", path: "/v1/sessions/{id}", summary: "A session with its messages", tag: "Sessions", auth: "user", content: "json", response: "the session with `messages: [{id, role, persona, content, provider, model, createdAt}]`" },
  { method: "patch", path: "/v1/sessions/{id}", summary: "Change a session's title, persona or participants", tag: "Sessions", auth: "user", body: { name: "PatchSession", schema: patchSessionSchema }, content: "json", response: "the session" },
  { method: "delete", path: "/v1/sessions/{id}", summary: "Delete a session", tag: "Sessions", auth: "user", status: 204, content: "empty", response: "deleted" },
  { method: "post", path: "/v1/sessions/{id}/messages", summary: "Send a message; each turn answered by a persona", tag: "Sessions", auth: "user", body: { name: "SessionMessage", schema: postSessionMessageSchema }, status: 201, content: "json-or-sse", response: "`{messages: [the user message, one assistant message per turn]}`, or SSE of `chat.completion.chunk` with `persona` and `message_id`" },
  { method: "get", path: "/v1/pipelines", summary: "Pipelines a job may run", tag: "Jobs", auth: "user", content: "json", response: "`{data: [{name, description, input: <JSON Schema>, stages: [{name, workers: [{name, kind}], aggregator}], supervisor: {threshold, maxRevisions} | null}]}`" },
  { method: "post", path: "/v1/jobs", summary: "Start a job (a pipeline run on Workflows)", tag: "Jobs", auth: "user", body: { name: "CreateJob", schema: createJobSchema }, status: 202, content: "json", response: "`{id, pipeline, status: \"queued\", createdAt}` with `Location: /v1/jobs/{id}`; input that fails the pipeline's schema -> 400 naming the field; unknown pipeline -> 404 `pipeline_not_found`; kill switch -> 503 `ai_disabled`" },
  { method: "get", path: "/v1/jobs", summary: "List the caller's jobs", tag: "Jobs", auth: "user", query: { status: "only jobs in this status (queued, running, succeeded, failed, cancelled)" }, content: "json", response: "`{data: [job...]}`, newest first" },
  { method: "get", path: "/v1/jobs/{id}", summary: "A job", tag: "Jobs", auth: "user", content: "json", response: "`{id, pipeline, status: queued|running|succeeded|failed|cancelled, progress, stage, draft, result, quality: {score, approved, revisions}, routes: [{stage, route, reason}], usage: {tokensIn, tokensOut, costUsd}, error, createdAt, updatedAt}`" },
  { method: "delete", path: "/v1/jobs/{id}", summary: "Cancel a job", tag: "Jobs", auth: "user", content: "json", response: "the job, `status: cancelled` (a finished job is returned unchanged); its Workflow instance is terminated and its calls in flight aborted" },
  { method: "get", path: "/v1/jobs/{id}/events", summary: "A job's events (SSE)", tag: "Jobs", auth: "user", query: { lastEventId: "replay the events after this id (or the `Last-Event-ID` header)" }, content: "sse", response: "SSE with `id:` (1, 2, 3, ...), `event:` (`job.queued`, `job.started`, `stage.started`, `stage.completed`, `progress`, `draft`, `review`, `revision`, `fallback`, `job.succeeded`, `job.failed`, `job.cancelled`) and `data:` JSON `{jobId, status, progress, ...}`; closes after the terminal event" },
  { method: "put", path: "/v1/build/drafts/{id}", summary: "Submit a chorus-build draft for review", tag: "Build", auth: "user", body: { name: "BuildDraftSubmit", schema: buildDraftSubmitSchema }, content: "json", response: `${buildDraft}; \`{id}\` is the answer's key in the build's store; the same content again keeps the decision, other content is pending again; the hashes must be the SHA-256 of \`prompt\` and \`content\`; another user's id -> 404` },
  { method: "get", path: "/v1/build/drafts", summary: "The caller's build drafts and their decisions", tag: "Build", auth: "user", query: draftStatus, content: "json", response: `\`{drafts: [${buildDraft}...]}\`, oldest first` },
  { method: "get", path: "/admin/providers", summary: "Provider health", tag: "Admin", auth: "admin", content: "json", response: "`{providers: [{id, state, successRate, p50Ms, p95Ms, ...}]}`" },
  { method: "get", path: "/admin/usage", summary: "Usage of all users", tag: "Admin", auth: "admin", query: dayRange, content: "json", response: "usage per day, user, plan and provider" },
  { method: "post", path: "/admin/api-keys", summary: "Create an API key for a user", tag: "Admin", auth: "admin", body: { name: "CreateApiKey", schema: createApiKeyBody }, status: 201, content: "json", response: "`{id, key: \"ck_...\", userId, name, createdAt}`: the key is shown this once" },
  { method: "get", path: "/admin/api-keys", summary: "List API keys", tag: "Admin", auth: "admin", content: "json", response: "the keys, without the keys themselves" },
  { method: "delete", path: "/admin/api-keys/{id}", summary: "Revoke an API key", tag: "Admin", auth: "admin", status: 204, content: "empty", response: "revoked" },
  { method: "post", path: "/admin/keys/rotate", summary: "Re-encrypt own keys under the newest encryption key", tag: "Admin", auth: "admin", body: { name: "RotateKeys", schema: rotateBody, optional: true }, content: "json", response: "how many keys were re-encrypted, and where to continue" },
  { method: "get", path: "/admin/personas", summary: "List system personas", tag: "Admin", auth: "admin", content: "json", response: `\`{data: [${persona}...]}\`` },
  { method: "post", path: "/admin/personas", summary: "Create a system persona", tag: "Admin", auth: "admin", body: personaBody, status: 201, content: "json", response: persona },
  { method: "get", path: "/admin/personas/{key}", summary: "Get a system persona", tag: "Admin", auth: "admin", content: "json", response: persona },
  { method: "put", path: "/admin/personas/{key}", summary: "Replace a system persona", tag: "Admin", auth: "admin", body: { name: "PersonaReplace", schema: personaReplaceSchema }, content: "json", response: persona },
  { method: "patch", path: "/admin/personas/{key}", summary: "Change a system persona", tag: "Admin", auth: "admin", body: { name: "PersonaPatch", schema: personaPatchSchema }, content: "json", response: persona },
  { method: "delete", path: "/admin/personas/{key}", summary: "Delete a system persona", tag: "Admin", auth: "admin", status: 204, content: "empty", response: "deleted" },
  { method: "post", path: "/admin/prompts", summary: "Write the next version of a prompt template", tag: "Admin", auth: "admin", body: { name: "PromptCreate", schema: promptCreateSchema }, status: 201, content: "json", response: prompt },
  { method: "patch", path: "/admin/prompts/{name}", summary: "Move a prompt template's labels", tag: "Admin", auth: "admin", body: { name: "PromptLabelsPatch", schema: promptLabelsPatchSchema }, content: "json", response: promptSummary },
  { method: "get", path: "/admin/build/drafts", summary: "Every user's build drafts", tag: "Admin", auth: "admin", query: draftStatus, content: "json", response: `\`{drafts: [${buildDraft}...]}\`, oldest first` },
  { method: "post", path: "/admin/build/drafts/{id}/approve", summary: "Approve a build draft", tag: "Admin", auth: "admin", content: "json", response: "the draft, `status: approved` with `decidedBy` and `decidedAt`; the next `chorus-build generate` serves it" },
  { method: "post", path: "/admin/build/drafts/{id}/reject", summary: "Reject a build draft", tag: "Admin", auth: "admin", content: "json", response: "the draft, `status: rejected` with `decidedBy` and `decidedAt`; the build keeps its fallback" },
  { method: "post", path: "/dev/login", summary: "Development login: a signed token (local development only)", tag: "Gateway", auth: "none", body: { name: "DevLogin", schema: devLoginBody, optional: true }, content: "json", response: "`{token, expiresAt}`: a JWT signed with AUTH_JWT_SECRET" },
  { method: "get", path: "/", summary: "The web console", tag: "Gateway", auth: "none", content: "html", response: "the console's page" },
  { method: "get", path: "/openapi.json", summary: "This document", tag: "Gateway", auth: "none", content: "json", response: "the OpenAPI 3.1 document of every route" },
  { method: "get", path: "/docs", summary: "API reference page", tag: "Gateway", auth: "none", content: "html", response: "a page rendering this document, with scripts served by the gateway itself" },
  { method: "get", path: "/docs/reference.js", summary: "The reference page's script", tag: "Gateway", auth: "none", content: "javascript", response: "the script that renders `/openapi.json`" },
];
