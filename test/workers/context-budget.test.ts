import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { estimateTextTokens } from "@chorus/core";
import { seenBy } from "./fake-upstream.ts";
import { chat, gatewayFetch, settle, tokenFor, DEFAULT_USER } from "./gateway-client.ts";

type Sent = { messages: { role: string; content: string }[]; chorus?: unknown };

/** One fake OpenAI model per test as the default profile, so what the provider saw is this test's alone. */
function only(model: string, cache = "off"): Record<string, string> {
  return {
    CACHE_DEFAULT: cache,
    LLM_PROFILES: JSON.stringify({ defaultProfile: "compat", profiles: { compat: { candidates: [{ provider: "openai", model }] } } }),
  };
}

async function sentTo(model: string): Promise<Sent[]> {
  return (await seenBy("openai", model)).map((seen) => seen.body as unknown as Sent);
}

const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(" ");

describe("the context budget on chat (chorus.context, chorus.contextTokens)", () => {
  it("adds the blocks to the system text highest priority first, and the provider never sees the chorus field", async () => {
    const model = `context-order-${crypto.randomUUID()}`;
    const res = await chat({ chorus: { context: [{ text: "Low note.", priority: 1 }, { text: "High note.", priority: 9 }, { text: "Mid note.", priority: 5 }] } }, { env: only(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-context-dropped")).toBeNull();
    const [sent] = await sentTo(model);
    expect(sent!.messages).toEqual([
      { role: "system", content: "High note.\n\nMid note.\n\nLow note." },
      { role: "user", content: "hello world" },
    ]);
    expect(sent!.chorus).toBeUndefined();
  });

  it("respects the budget, drops the lowest priorities first and says how many in x-chorus-context-dropped", async () => {
    const model = `context-budget-${crypto.randomUUID()}`;
    const blocks = [
      { text: words(60, "gamma"), priority: 1 },
      { text: words(60, "alpha"), priority: 3 },
      { text: words(60, "delta"), priority: 0 },
      { text: words(60, "beta"), priority: 2 },
    ];
    const budget = estimateTextTokens(blocks[1]!.text) + estimateTextTokens(blocks[3]!.text);
    const res = await chat({ chorus: { context: blocks, contextTokens: budget } }, { env: only(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-context-dropped")).toBe("2");
    const [sent] = await sentTo(model);
    const system = sent!.messages[0]!;
    expect(system.role).toBe("system");
    expect(system.content).toBe(`${blocks[1]!.text}\n\n${blocks[3]!.text}`);
    expect(estimateTextTokens(blocks[1]!.text) + estimateTextTokens(blocks[3]!.text)).toBeLessThanOrEqual(budget);
  });

  it("drops every block that does not fit, still answering", async () => {
    const model = `context-none-${crypto.randomUUID()}`;
    const res = await chat({ chorus: { context: [{ text: words(50, "big"), priority: 1 }], contextTokens: 1 } }, { env: only(model) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-context-dropped")).toBe("1");
    expect((await sentTo(model))[0]!.messages).toEqual([{ role: "user", content: "hello world" }]);
  });

  it("refuses bad input with 400 naming the param", async () => {
    const cases: [unknown, string][] = [
      [{ context: [{ text: "x" }] }, "chorus.context[0].priority"],
      [{ context: [{ text: "x".repeat(20_001), priority: 1 }] }, "chorus.context[0].text"],
      [{ context: Array.from({ length: 51 }, () => ({ text: "x", priority: 1 })) }, "chorus.context"],
      [{ context: [], contextTokens: -5 }, "chorus.contextTokens"],
    ];
    for (const [chorus, param] of cases) {
      const res = await chat({ chorus });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { type: string; param: string } };
      expect(error).toMatchObject({ type: "invalid_request_error", param });
    }
  });

  it("composes with a persona: the context blocks first, the persona's system text (constraints last) after them", async () => {
    const model = `context-persona-${crypto.randomUUID()}`;
    const res = await chat({ chorus: { context: [{ text: "The user's name is Ana.", priority: 1 }] } }, { env: only(model), headers: { "x-chorus-persona": "writer" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-persona")).toBe("writer");
    const { messages } = (await sentTo(model))[0]!;
    expect(messages.map((message) => message.role)).toEqual(["system", "system", "user"]);
    expect(messages[0]!.content).toBe("The user's name is Ana.");
    expect(messages[1]!.content).not.toContain("Ana");
    expect(messages[1]!.content.length).toBeGreaterThan(100);
  });

  it("keys the cache by the fitted prompt: other context is another answer, the same context a hit", async () => {
    const model = `context-cache-${crypto.randomUUID()}`;
    const ask = (text: string) => chat({ chorus: { context: [{ text, priority: 1 }] } }, { env: only(model, "on") });
    expect((await ask("Context one.")).headers.get("x-chorus-cache")).toBe("miss");
    await settle();
    expect((await ask("Context two.")).headers.get("x-chorus-cache")).toBe("miss");
    await settle();
    expect((await ask("Context one.")).headers.get("x-chorus-cache")).toBe("hit");
    expect(await sentTo(model)).toHaveLength(2);
  });
});

describe("the context budget on /v1/responses", () => {
  it("fits the blocks the same way and says how many were dropped", async () => {
    const model = `context-responses-${crypto.randomUUID()}`;
    const client = new OpenAI({ apiKey: await tokenFor(DEFAULT_USER), baseURL: "http://chorus.test/v1", fetch: gatewayFetch(only(model)), maxRetries: 0 });
    const chorus = { context: [{ text: "Kept note.", priority: 2 }, { text: words(80, "dropped"), priority: 1 }], contextTokens: 10 };
    const { response } = await client.responses.create({ input: "hi", chorus } as OpenAI.Responses.ResponseCreateParamsNonStreaming).withResponse();
    expect(response.headers.get("x-chorus-context-dropped")).toBe("1");
    const { messages } = (await sentTo(model))[0]!;
    expect(messages).toEqual([{ role: "system", content: "Kept note." }, { role: "user", content: "hi" }]);
  });
});
