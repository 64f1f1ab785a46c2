import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { auth } from "../../../workers/gateway/src/auth/auth.ts";
import type { GatewayEnv } from "../../../workers/gateway/src/env.ts";
import { jsonError } from "../../../workers/gateway/src/http/json-error.ts";
import { toGatewayError } from "../../../workers/gateway/src/http/to-gateway-error.ts";
import { guard } from "../../../workers/gateway/src/middleware/guard.ts";
import { requestContext } from "../../../workers/gateway/src/middleware/request-context.ts";
import { reportAnswer } from "../../../workers/gateway/src/quota/admission.ts";
import { tokenFor } from "../gateway-client.ts";
import { sampleUser } from "./quota-helpers.ts";

const ADMIN_TOKEN = (env as unknown as Record<string, string>).ADMIN_TOKEN!;

/** The guard on a route that answers whatever the test says, the admin token accepted there too. */
function guardedApp(answer: (report: typeof reportAnswer, c: Parameters<typeof reportAnswer>[0]) => Response) {
  const ran: string[] = [];
  const app = new Hono<{ Bindings: GatewayEnv }>();
  app.use(requestContext());
  app.use(auth({ lookupApiKey: async () => undefined, adminTokenPaths: ["/model"] }));
  app.use("/model", guard({ purpose: "chat" }));
  app.post("/model", (c) => {
    ran.push("route");
    return answer(reportAnswer, c);
  });
  app.onError((thrown) => jsonError(toGatewayError(thrown).error));
  return { app, ran };
}

async function send(app: Hono<{ Bindings: GatewayEnv }>, authorization: string): Promise<{ res: Response; text: string }> {
  const ctx = createExecutionContext();
  const res = await app.request("http://chorus.test/model", { method: "POST", headers: { authorization, "content-type": "application/json" }, body: "{}" }, env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, text };
}

describe("guard()", () => {
  it("checks its options when built", () => {
    expect(() => guard({ purpose: "images" as "chat" })).toThrow('guard(): purpose must be "chat" or "embeddings"');
  });

  it("refuses the admin token (no user behind it) with 403 not_a_user, before the route runs", async () => {
    const { app, ran } = guardedApp(() => new Response("{}"));
    const { res, text } = await send(app, `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "not_a_user", type: "permission_error" } });
    expect(ran).toEqual([]);
  });

  it("settles what the route reports: a failure reported on a 2xx answer gives the slot back", async () => {
    const user = sampleUser();
    const failing = guardedApp((report, c) => {
      report(c, { served: false });
      return new Response("data: {}\n\n", { headers: { "content-type": "text/event-stream" } });
    });
    for (let i = 0; i < 5; i++) expect((await send(failing.app, `Bearer ${await tokenFor(user)}`)).res.status).toBe(200);
    const serving = guardedApp(() => new Response("{}"));
    for (let i = 0; i < 3; i++) expect((await send(serving.app, `Bearer ${await tokenFor(user)}`)).res.status).toBe(200);
    expect((await send(serving.app, `Bearer ${await tokenFor(user)}`)).res.status).toBe(403);
  });
});
