import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, chat, readSse, settle } from "../gateway-client.ts";
import { errorOf, newUser, today, usageOf } from "./accounts-helpers.ts";

type Usage = { prompt_tokens: number; completion_tokens: number };
/** config/pricing.json: gpt-5.4-mini, USD per million tokens. */
const MINI = { input: 0.25, output: 2 };

function costOf(usage: Usage): number {
  return (usage.prompt_tokens * MINI.input + usage.completion_tokens * MINI.output) / 1e6;
}

function ask(text: string) {
  return [{ role: "user", content: `${text} ${crypto.randomUUID()}` }];
}

describe("usage and cost are recorded after every served answer", () => {
  it("a completion: the provider's tokens, priced from config/pricing.json, for the caller only", async () => {
    const user = newUser("meter");
    const res = await chat({ model: "openai/gpt-5.4-mini", messages: ask("count me") }, { user });
    const { usage } = (await res.json()) as { usage: Usage };
    await settle();

    const days = await usageOf(user);
    expect(days).toEqual([{
      date: today(), requests: 1, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0,
      tokensIn: usage.prompt_tokens, tokensOut: usage.completion_tokens, costUsd: expect.closeTo(costOf(usage), 12), estimated: false,
    }]);
    expect(await usageOf(newUser("bystander"))).toEqual([]);
  });

  it("a stream: the final usage chunk, asked for upstream even when the client did not", async () => {
    const user = newUser("stream-meter");
    const messages = ask("stream me");
    await readSse(await chat({ model: "openai/gpt-5.4-mini", messages, stream: true }, { user }));
    const withUsage = await readSse(await chat({ model: "openai/gpt-5.4-mini", messages, stream: true, stream_options: { include_usage: true } }, { user, headers: { "x-chorus-cache": "no-store" } }));
    const usage = withUsage.events.at(-1)!.usage as Usage;
    await settle();

    const [day] = await usageOf(user);
    expect(day).toMatchObject({ requests: 2, tokensIn: 2 * usage.prompt_tokens, tokensOut: 2 * usage.completion_tokens, estimated: false });
    expect(day!.costUsd).toBeCloseTo(2 * costOf(usage), 12);
  });

  it("a stream cut after it started is still served: estimated from its text and marked so", async () => {
    const user = newUser("cut-meter");
    await readSse(await chat({ model: "openai/gpt-5.4-mini~cutAfter=1", messages: ask("a long enough answer to cut somewhere"), stream: true }, { user }));
    await settle();
    const [day] = await usageOf(user);
    expect(day).toMatchObject({ requests: 1, estimated: true });
    expect(day!.tokensIn).toBeGreaterThan(0);
  });

  it("a client that leaves mid-stream was served: recorded once, estimated from what it got", async () => {
    const user = newUser("left-meter");
    const res = await chat({ model: "openai/gpt-5.4-mini~chunkMs=100", messages: ask("one two three four five six"), stream: true }, { user });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await settle();
    const [day] = await usageOf(user);
    expect(day).toMatchObject({ requests: 1, estimated: true });
    expect(day!.tokensIn).toBeGreaterThan(0);
  });

  it("a cache hit counts as a request with 0 tokens and 0 cost, marked cached", async () => {
    const user = newUser("cache-meter");
    const messages = ask("cache me");
    const first = (await (await chat({ model: "openai/gpt-5.4-mini", messages }, { user })).json()) as { usage: Usage };
    await settle();
    const hit = await chat({ model: "openai/gpt-5.4-mini", messages }, { user });
    expect(hit.headers.get("x-chorus-cache")).toBe("hit");
    await hit.text();
    await settle();

    expect(await usageOf(user)).toEqual([expect.objectContaining({
      requests: 2, cachedRequests: 1, tokensIn: first.usage.prompt_tokens, tokensOut: first.usage.completion_tokens,
      costUsd: expect.closeTo(costOf(first.usage), 12),
    })]);
  });

  it("an idempotent replay is not recorded again", async () => {
    const user = newUser("replay-meter");
    const options = { user, env: { CACHE_DEFAULT: "off" }, headers: { "idempotency-key": crypto.randomUUID() } };
    const body = { model: "openai/gpt-5.4-mini", messages: ask("only once") };
    await (await chat(body, options)).text();
    await settle();
    const replay = await chat(body, options);
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    await replay.text();
    await settle();
    expect((await usageOf(user))[0]).toMatchObject({ requests: 1, cachedRequests: 0 });
  });

  it("embeddings: input tokens at the embedding model's price", async () => {
    const user = newUser("embed-meter");
    const res = await call("/v1/embeddings", { model: "openai/text-embedding-3-small", input: ["one text", "another text"] }, { user });
    const { usage } = (await res.json()) as { usage: { prompt_tokens: number } };
    await settle();
    const [day] = await usageOf(user);
    expect(day).toMatchObject({ requests: 1, tokensIn: usage.prompt_tokens, tokensOut: 0, estimated: false });
    expect(day!.costUsd).toBeCloseTo((usage.prompt_tokens * 0.02) / 1e6, 15);
  });

  it("a request no candidate served is not usage", async () => {
    const user = newUser("failed-meter");
    const res = await chat({ model: "openai/gpt-5.4-mini~status=400", messages: ask("refused") }, { user });
    expect(res.status).toBe(400);
    await res.text();
    await settle();
    expect(await usageOf(user)).toEqual([]);
  });

  it("remembers the caller's plan and verification (users row) after the response", async () => {
    const user = newUser("seen", { plan: "premium" });
    await (await call("/v1/usage", undefined, { user })).text();
    await settle();
    const row = await env.DB.prepare("select plan, email_verified from users where id = ?").bind(user.sub).first();
    expect(row).toEqual({ plan: "premium", email_verified: 1 });
  });
});

describe("GET /v1/usage ranges", () => {
  it("defaults to the last 30 days, today included", async () => {
    const user = newUser("range");
    await (await chat({ model: "openai/gpt-5.4-mini", messages: ask("today") }, { user })).text();
    await settle();
    expect((await usageOf(user)).map((day) => day.date)).toEqual([today()]);
    const past = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    expect(await usageOf(user, `?from=${past}&to=${past}`)).toEqual([]);
    expect(await usageOf(user, `?from=${past}`)).toHaveLength(1);
  });

  it("refuses malformed days, reversed and over-long ranges with 400 naming the parameter", async () => {
    const user = newUser("bad-range");
    const cases: [string, string][] = [
      ["?from=2026-5-1", "from"], ["?to=2026-02-30", "to"], ["?from=yesterday", "from"],
      ["?from=2026-05-04&to=2026-05-01", "from"], ["?from=2024-01-01&to=2026-01-01", "from"],
    ];
    for (const [query, param] of cases) {
      const res = await call(`/v1/usage${query}`, undefined, { user });
      expect(res.status, query).toBe(400);
      expect(await errorOf(res), query).toMatchObject({ type: "invalid_request_error", param });
    }
  });
});
