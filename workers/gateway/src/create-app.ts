import { GatewayError, systemClock, type ChatRequest, type EmbeddingRequest } from "@chorus/core";
import { Hono, type MiddlewareHandler } from "hono";
import { auth } from "./auth/auth.ts";
import { ApiKeyCache } from "./auth/api-key-cache.ts";
import { devLogin } from "./auth/dev-login-route.ts";
import { lookupApiKeyInD1 } from "./auth/lookup-api-key-in-d1.ts";
import { requireAdmin } from "./auth/require-admin.ts";
import { GuardrailPenalties } from "./edge/guardrail-penalties.ts";
import { RouteHealth } from "./edge/route-health.ts";
import type { GatewayEnv } from "./env.ts";
import { jsonError } from "./http/json-error.ts";
import { toGatewayError } from "./http/to-gateway-error.ts";
import { aiKillSwitch } from "./middleware/ai-kill-switch.ts";
import { bodyLimit } from "./middleware/body-limit.ts";
import { cors } from "./middleware/cors.ts";
import { recordCaller } from "./middleware/record-caller.ts";
import { requestContext } from "./middleware/request-context.ts";
import type { UserStateSource } from "./request/open-scope.ts";
import { d1PersonaSource, forgetPersonasOnWrite } from "./request/d1-persona-source.ts";
import type { PersonaSource } from "./request/persona-source.ts";
import { quotaUserState } from "./request/quota-user-state.ts";
import type { SelectRoute } from "./request/route-tracker.ts";
import type { Stage } from "./request/stage.ts";
import { adminApiKeys } from "./routes/admin-api-keys.ts";
import { adminBuildDrafts } from "./routes/admin-build-drafts.ts";
import { adminKeysRotate } from "./routes/admin-keys-rotate.ts";
import { adminPersonas } from "./routes/admin-personas.ts";
import { adminPrompts } from "./routes/admin-prompts.ts";
import { adminProviders } from "./routes/admin-providers.ts";
import { adminUsageRoute } from "./routes/admin-usage.ts";
import { apiDocs } from "./routes/api-docs.ts";
import { buildDraftsRoute } from "./routes/build-drafts.ts";
import { chatCompletions } from "./routes/chat-completions.ts";
import { embeddings } from "./routes/embeddings.ts";
import { healthz } from "./routes/healthz.ts";
import { jobsRoute } from "./routes/jobs.ts";
import { me } from "./routes/me.ts";
import { models } from "./routes/models.ts";
import { personaCardsRoute } from "./routes/persona-cards.ts";
import { personaPreview } from "./routes/persona-preview.ts";
import { personasRoute } from "./routes/personas.ts";
import { promptsRoute } from "./routes/prompts.ts";
import { pipelinesRoute } from "./routes/pipelines.ts";
import { responses } from "./routes/responses.ts";
import { sessionsRoute } from "./routes/sessions.ts";
import { settings } from "./routes/settings.ts";
import { settingsKeys } from "./routes/settings-keys.ts";
import { usage } from "./routes/usage.ts";
import { admission } from "./stages/admission.ts";
import { idempotency } from "./stages/idempotency.ts";
import { inputGuardrails } from "./stages/input-guardrails.ts";
import { outputGuardrails } from "./stages/output-guardrails.ts";
import { structuredOutput } from "./stages/structured-output.ts";
import { meterUsage } from "./stages/meter-usage.ts";
import { promptComposition } from "./stages/prompt-composition.ts";
import { promptTemplate } from "./stages/prompt-template.ts";
import { responseCache } from "./stages/response-cache.ts";
import { routeChat } from "./stages/route-chat.ts";
import { routeEmbeddings } from "./stages/route-embeddings.ts";

const clientGone = () => new GatewayError({ status: 499, code: "client_closed_request", message: "The client closed the request before the answer was ready." });

/** The parts an app is assembled from: who calls, and the stages of each AI endpoint in order. */
export interface AppParts {
  /** Establishes `principal` (and records the caller); runs on every path. */
  access: MiddlewareHandler<{ Bindings: GatewayEnv }>[];
  /** Shared with the API-key admin routes, so a revocation is immediate in this isolate. */
  apiKeyCache: ApiKeyCache;
  userState: UserStateSource;
  /** Where a request finds the personas it names (`x-chorus-persona`, a session's speakers). */
  personas: PersonaSource;
  chat: readonly Stage<ChatRequest>[];
  /**
   * The chat stages each turn of a session message runs through: no idempotency or cache (a turn's prompt is the
   * thread so far), but a feature's output rails, which no path skips.
   */
  session: readonly Stage<ChatRequest>[];
  embeddings: readonly Stage<EmbeddingRequest>[];
  /** Providers ranked last for a feature after breaking its guardrails, in every isolate; shown at `/admin/providers`. */
  penalties: GuardrailPenalties;
}

const withHealth: SelectRoute = (scope, keys) => RouteHealth.select(scope, scope.plan, scope.purpose, keys);

/**
 * The gateway's parts: auth, then for each AI endpoint the stages of
 * docs/architecture.md in order. A new stage goes into these lists.
 * `penalties`: on the system clock by default; tests give them a manual one.
 */
export function gatewayParts(penalties = new GuardrailPenalties(systemClock)): AppParts {
  const apiKeyCache = new ApiKeyCache();
  return {
    access: [auth({ lookupApiKey: lookupApiKeyInD1, apiKeyCache }), recordCaller()],
    apiKeyCache,
    userState: quotaUserState,
    personas: d1PersonaSource,
    chat: [
      admission, meterUsage, idempotency, promptTemplate, promptComposition, inputGuardrails, responseCache,
      structuredOutput, outputGuardrails(penalties), routeChat(withHealth),
    ],
    session: [admission, meterUsage, outputGuardrails(penalties), routeChat(withHealth)],
    embeddings: [admission, meterUsage, idempotency, routeEmbeddings(withHealth)],
    penalties,
  };
}

/** An app from `parts`: middleware in DESIGN.md's order, then the routes of CONTRACT.md. */
export function assembleApp(parts: AppParts): Hono<{ Bindings: GatewayEnv }> {
  const app = new Hono<{ Bindings: GatewayEnv }>();
  app.use(requestContext());
  app.use(cors((c) => c.get("config").corsOrigins));
  app.use(bodyLimit((c) => c.get("config").maxBodyBytes));
  for (const middleware of parts.access) app.use(middleware);
  for (const path of ["/v1/chat/completions", "/v1/embeddings", "/v1/responses", "/v1/settings/keys/:provider/test", "/v1/sessions/:id/messages", "/v1/personas/:ref/preview"]) app.use(path, aiKillSwitch());
  app.use("/admin/*", requireAdmin());
  for (const path of ["/v1/personas", "/v1/personas/*", "/admin/personas", "/admin/personas/*"]) app.use(path, forgetPersonasOnWrite());

  app.route("/dev", devLogin);
  app.route("/healthz", healthz);
  app.route("/v1/models", models);
  app.route("/v1/chat/completions", chatCompletions(parts.chat, parts.userState, parts.personas));
  app.route("/v1/embeddings", embeddings(parts.embeddings, parts.userState));
  app.route("/v1/responses", responses({ stages: parts.chat, userState: parts.userState, personas: parts.personas }));
  app.route("/v1/settings", settings);
  app.route("/v1/settings/keys", settingsKeys);
  app.route("/v1/usage", usage);
  app.route("/v1/me", me);
  app.route("/", apiDocs);
  app.route("/v1/personas", personaPreview({ personas: parts.personas, userState: parts.userState, stages: parts.chat }));
  app.route("/v1/personas", personaCardsRoute);
  app.route("/v1/personas", personasRoute);
  app.route("/v1/prompts", promptsRoute);
  app.route("/v1/sessions", sessionsRoute({ personas: parts.personas, userState: parts.userState, stages: parts.session }));
  app.route("/v1/pipelines", pipelinesRoute);
  app.route("/v1/jobs", jobsRoute);
  app.route("/v1/build/drafts", buildDraftsRoute);
  app.route("/admin/providers", adminProviders(parts.penalties));
  app.route("/admin/usage", adminUsageRoute);
  app.route("/admin/api-keys", adminApiKeys(parts.apiKeyCache));
  app.route("/admin/keys/rotate", adminKeysRotate);
  app.route("/admin/personas", adminPersonas);
  app.route("/admin/prompts", adminPrompts);
  app.route("/admin/build/drafts", adminBuildDrafts);

  app.notFound((c) => jsonError(new GatewayError({ status: 404, code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` })));
  app.onError((thrown, c) => {
    // The client left and its abort ended the work: nothing went wrong here, and nobody reads the answer.
    if (c.req.raw.signal.aborted && thrown === c.req.raw.signal.reason) return jsonError(clientGone(), c.res.headers);
    const { error, log } = toGatewayError(thrown);
    if (log) console.error(JSON.stringify({ requestId: c.get("requestId"), status: error.status, error: log }));
    return jsonError(error, c.res.headers);
  });
  return app;
}

/** The gateway as deployed. */
export function createApp(): Hono<{ Bindings: GatewayEnv }> {
  return assembleApp(gatewayParts());
}
