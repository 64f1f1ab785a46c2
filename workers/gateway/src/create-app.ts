import { GatewayError } from "@chorus/core";
import { Hono } from "hono";
import type { GatewayEnv } from "./env.ts";
import { jsonError } from "./http/json-error.ts";
import { toGatewayError } from "./http/to-gateway-error.ts";
import { aiKillSwitch } from "./middleware/ai-kill-switch.ts";
import { bodyLimit } from "./middleware/body-limit.ts";
import { cors } from "./middleware/cors.ts";
import { idempotency } from "./middleware/idempotency.ts";
import { requestContext } from "./middleware/request-context.ts";
import { requireAdmin } from "./middleware/require-admin.ts";
import { adminProviders } from "./routes/admin-providers.ts";
import { chatCompletions } from "./routes/chat-completions.ts";
import { embeddings } from "./routes/embeddings.ts";
import { healthz } from "./routes/healthz.ts";
import { models } from "./routes/models.ts";
import { playground } from "./routes/playground.ts";
import { responses } from "./routes/responses.ts";

/** The gateway: middleware in DESIGN.md's order, then the routes of CONTRACT.md. */
export function createApp(): Hono<{ Bindings: GatewayEnv }> {
  const app = new Hono<{ Bindings: GatewayEnv }>();

  app.use(requestContext());
  app.use(cors((c) => c.var.config.corsOrigins));
  app.use(bodyLimit((c) => c.var.config.maxBodyBytes));
  for (const path of ["/v1/chat/completions", "/v1/embeddings", "/v1/responses"]) app.use(path, aiKillSwitch());
  // Last before the routes: keys are scoped to the caller, so auth and guards must have run.
  for (const path of ["/v1/chat/completions", "/v1/embeddings"]) app.use(path, idempotency());
  app.use("/admin/*", requireAdmin());

  app.route("/", playground);
  app.route("/healthz", healthz);
  app.route("/v1/models", models);
  app.route("/v1/chat/completions", chatCompletions);
  app.route("/v1/embeddings", embeddings);
  app.route("/v1/responses", responses);
  app.route("/admin/providers", adminProviders);

  app.notFound((c) => jsonError(new GatewayError({ status: 404, code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` })));
  app.onError((thrown, c) => {
    const { error, log } = toGatewayError(thrown);
    if (log) console.error(JSON.stringify({ requestId: c.get("requestId"), status: error.status, error: log }));
    return jsonError(error, c.res.headers);
  });
  return app;
}
