import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb, usageByDay } from "../../packages/db/src/index.ts";
import { OPEN_PRINCIPAL, variantApp } from "../../bench/variant-parts.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";

const bindings = env as unknown as GatewayEnv;

async function ask(app: ReturnType<typeof variantApp>, content: string, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.request("http://chorus.test/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content }] }),
  }, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

// The benchmark's baseline (bench/variant-worker.ts) is only as honest as these variants.
describe("the gateway assembled with layers left out", () => {
  it("the core alone answers anyone, with no cache, no breakers and no usage recorded", async () => {
    const core = variantApp("core");
    const response = await ask(core, `core ${crypto.randomUUID()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-chorus-cache")).toBe("bypass");
    expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain("core");
    const today = new Date().toISOString().slice(0, 10);
    expect((await usageByDay(createDb(bindings.DB), OPEN_PRINCIPAL.userId, { from: today, to: today })).days).toEqual([]);
  });

  it("with edge state, the response cache answers the second time", async () => {
    const edge = variantApp("edge");
    const question = `edge ${crypto.randomUUID()}`;
    expect((await ask(edge, question)).headers.get("x-chorus-cache")).toBe("miss");
    expect((await ask(edge, question)).headers.get("x-chorus-cache")).toBe("hit");
  });

  it("with identity, a caller without a credential is refused", async () => {
    const identity = variantApp("identity");
    const response = await ask(identity, "who am I");
    expect(response.status).toBe(401);
  });
});
