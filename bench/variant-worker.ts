// The gateway with layers left out (bench/variant-parts.ts), for the
// benchmark's baseline rows, built like the real Worker (bench/worker-bundle.mjs)
// and served once per variant, each Worker naming its own in the BENCH_VARIANT
// binding. Production never runs this file.
//
// One more variant, "sdk", is no gateway at all: the body parsed, one
// `chat.completions.create` through the openai SDK client the OpenAI adapter
// uses, the completion returned. What the SDK alone costs, for reference.
import type { GatewayEnv } from "../workers/gateway/src/env.ts";
import { createOpenAIClient } from "../packages/providers/src/openai/create-openai-client.ts";
import { variantApp } from "./variant-parts.ts";

export * from "../workers/gateway/src/worker-classes.ts";

const apps = new Map<string, ReturnType<typeof variantApp>>();
let sdkClient: ReturnType<typeof createOpenAIClient> | undefined;

async function sdkOnly(request: Request, env: GatewayEnv): Promise<Response> {
  sdkClient ??= createOpenAIClient({ apiKey: String(env.OPENAI_API_KEY), baseURL: String(env.OPENAI_BASE_URL) });
  const { model, messages } = await request.json<{ model: string; messages: { role: "user"; content: string }[] }>();
  return Response.json(await sdkClient.chat.completions.create({ model, messages }));
}

export default {
  fetch(request: Request, env: GatewayEnv & { BENCH_VARIANT: string }, ctx: ExecutionContext): Response | Promise<Response> {
    if (env.BENCH_VARIANT === "sdk") return sdkOnly(request, env);
    let app = apps.get(env.BENCH_VARIANT);
    if (!app) apps.set(env.BENCH_VARIANT, (app = variantApp(env.BENCH_VARIANT)));
    return app.fetch(request, env, ctx);
  },
};
