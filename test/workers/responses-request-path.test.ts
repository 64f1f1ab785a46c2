import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { seenBy } from "./fake-upstream.ts";
import { call, DEFAULT_USER, gatewayFetch, settle, tokenFor, type TestUser } from "./gateway-client.ts";

/** The official SDK pointed at the gateway with its default config (the response cache on). */
async function sdk(user: TestUser = DEFAULT_USER, env: Record<string, string> = {}): Promise<OpenAI> {
  return new OpenAI({ baseURL: "http://chorus.test/v1", apiKey: await tokenFor(user), fetch: gatewayFetch(env), maxRetries: 0 });
}

const unique = (name: string) => `${name}-${crypto.randomUUID()}`;

type SseEvent = { type: string; sequence_number: number; response?: { status: string; error: unknown } } & Record<string, unknown>;

function parseEvents(text: string): SseEvent[] {
  return text.trimEnd().split("\n\n").map((block) => JSON.parse(block.split("\n").find((line) => line.startsWith("data: "))!.slice(6)) as SseEvent);
}

describe("/v1/responses goes through chat's request path", () => {
  it("is answered from the response cache the second time, as JSON and as a stream, with one upstream call", async () => {
    const model = unique("resp-cache");
    const client = await sdk();
    const first = await client.responses.create({ model: `openai/${model}`, input: "cache me" }).withResponse();
    expect(first.response.headers.get("x-chorus-cache")).toBe("miss");
    await settle();

    const again = await client.responses.create({ model: `openai/${model}`, input: "cache me" }).withResponse();
    expect(again.response.headers.get("x-chorus-cache")).toBe("hit");
    expect(again.data.output_text).toBe("Echo: cache me");

    const streamed = await call("/v1/responses", { model: `openai/${model}`, input: "cache me", stream: true });
    expect(streamed.headers.get("x-chorus-cache")).toBe("hit");
    const events = parseEvents(await streamed.text());
    expect(events.at(-1)?.type).toBe("response.completed");
    expect(events.filter((event) => event.type === "response.output_text.delta").map((event) => event.delta).join("")).toBe("Echo: cache me");
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("replays an Idempotency-Key's stored response object, not a chat completion", async () => {
    const model = unique("resp-idem");
    const client = await sdk(DEFAULT_USER, { CACHE_DEFAULT: "off" });
    const options = { headers: { "idempotency-key": crypto.randomUUID() } };
    const first = await client.responses.create({ model: `openai/${model}`, input: "once" }, options);
    await settle();
    const replay = await client.responses.create({ model: `openai/${model}`, input: "once" }, options).withResponse();
    expect(replay.response.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(replay.data.object).toBe("response");
    expect(replay.data.id).toBe(first.id);
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("counts toward the caller's usage like a chat request", async () => {
    const user: TestUser = { sub: unique("resp-usage"), plan: "pro", emailVerified: true };
    await (await sdk(user, { CACHE_DEFAULT: "off" })).responses.create({ model: `openai/${unique("resp-metered")}`, input: "count me" });
    await settle();
    const usage = (await (await call("/v1/usage", undefined, { user })).json()) as { days: { requests: number; tokensIn: number; tokensOut: number }[] };
    expect(usage.days.reduce((sum, day) => sum + day.requests, 0)).toBe(1);
    expect(usage.days.reduce((sum, day) => sum + day.tokensOut, 0)).toBe(3);
  });

  it("ends a stream cut after its first byte with response.failed and an error event the SDK throws", async () => {
    const model = `openai/${unique("resp-cut")}~cutAfter=2`;
    const res = await call("/v1/responses", { model, input: "one two three four five six", stream: true }, { env: { CACHE_DEFAULT: "off" } });
    expect(res.status).toBe(200);
    const events = parseEvents(await res.text());
    expect(events.slice(-2).map((event) => event.type)).toEqual(["response.failed", "error"]);
    expect(events.at(-2)?.response?.status).toBe("failed");
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));

    const stream = await (await sdk(DEFAULT_USER, { CACHE_DEFAULT: "off" })).responses.create({ model, input: "one two three four five six", stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(seen).toContain("response.failed");
  });
});
