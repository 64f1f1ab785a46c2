import { GatewayError } from "@chorus/core";
import { Hono, type MiddlewareHandler } from "hono";
import { auth } from "./auth/auth.ts";
import { ApiKeyCache } from "./auth/api-key-cache.ts";
import { devLogin } from "./auth/dev-login-route.ts";
import { lookupApiKeyInD1 } from "./auth/lookup-api-key-in-d1.ts";
import { requireAdmin } from "./auth/require-admin.ts";
import type { GatewayEnv } from "./env.ts";
import { ALL_FEATURES, OPEN_PRINCIPAL, type GatewayFeatures } from "./gateway-features.ts";
import { jsonError } from "./http/json-error.ts";
import { toGatewayError } from "./http/to-gateway-error.ts";
import { aiKillSwitch } from "./middleware/ai-kill-switch.ts";
import { bodyLimit } from "./middleware/body-limit.ts";
import { cors } from "./middleware/cors.ts";
import { guard } from "./middleware/guard.ts";
import { idempotency } from "./middleware/idempotency.ts";
import { recordCaller } from "./middleware/record-caller.ts";
import { requestContext } from "./middleware/request-context.ts";
import { adminApiKeys } from "./routes/admin-api-keys.ts";
import { adminKeysRotate } from "./routes/admin-keys-rotate.ts";
import { adminProviders } from "./routes/admin-providers.ts";
import { adminUsageRoute } from "./routes/admin-usage.ts";
import { chatCompletions } from "./routes/chat-completions.ts";
import { embeddings } from "./routes/embeddings.ts";
import { healthz } from "./routes/healthz.ts";
import { models } from "./routes/models.ts";
import { playground } from "./routes/playground.ts";
import { responses } from "./routes/responses.ts";
import { settings } from "./routes/settings.ts";
import { settingsKeys } from "./routes/settings-keys.ts";
import { usage } from "./routes/usage.ts";

const clientGone = () => new GatewayError({ status: 499, code: "client_closed_request", message: "The client closed the request before the answer was ready." });

/** Identity off: every caller is the same open principal. */
const openAccess = (): MiddlewareHandler => async (c, next) => {
  c.set("principal", OPEN_PRINCIPAL);
  await next();
};

/**
 * The gateway: middleware in DESIGN.md's order, then the routes of
 * CONTRACT.md. `features` leaves layers out, for the benchmark only.
 */
export function createApp(features: GatewayFeatures = ALL_FEATURES): Hono<{ Bindings: GatewayEnv }> {
  const app = new Hono<{ Bindings: GatewayEnv }>();
  // Shared with the API-key admin routes, so a revocation is immediate in this isolate.
  const apiKeyCache = new ApiKeyCache();

  app.use(requestContext(features));
  app.use(cors((c) => c.get("config").corsOrigins));
  app.use(bodyLimit((c) => c.get("config").maxBodyBytes));
  if (features.identity) {
    app.use(auth({ lookupApiKey: lookupApiKeyInD1, apiKeyCache }));
    app.use(recordCaller());
  } else {
    app.use(openAccess());
  }
  for (const path of ["/v1/chat/completions", "/v1/embeddings", "/v1/responses", "/v1/settings/keys/:provider/test"]) app.use(path, aiKillSwitch());
  // Tier, quota, rate limit (no UserQuota call while the isolate holds permits); before idempotency, since a replay is a served request.
  if (features.identity) {
    app.use("/v1/chat/completions", guard({ purpose: "chat" }));
    app.use("/v1/embeddings", guard({ purpose: "embeddings" }));
  }
  // Last before the routes: keys are scoped to the caller, so auth and guards must have run.
  if (features.edgeState) for (const path of ["/v1/chat/completions", "/v1/embeddings"]) app.use(path, idempotency());
  app.use("/admin/*", requireAdmin());

  app.route("/", playground);
  app.route("/dev", devLogin);
  app.route("/healthz", healthz);
  app.route("/v1/models", models);
  app.route("/v1/chat/completions", chatCompletions);
  app.route("/v1/embeddings", embeddings);
  app.route("/v1/responses", responses);
  app.route("/v1/settings", settings);
  app.route("/v1/settings/keys", settingsKeys);
  app.route("/v1/usage", usage);
  app.route("/admin/providers", adminProviders);
  app.route("/admin/usage", adminUsageRoute);
  app.route("/admin/api-keys", adminApiKeys(apiKeyCache));
  app.route("/admin/keys/rotate", adminKeysRotate);

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
