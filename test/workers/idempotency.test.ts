import { env as bindings, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Idempotency } from "../../workers/gateway/src/durable/idempotency.ts";
import { call, chat, DEFAULT_USER, readSse, settle, streamedText } from "./gateway-client.ts";
import { eventually, seenBy } from "./fake-upstream.ts";

/** The response cache off, so only idempotency can spare an upstream call. */
const env = { CACHE_DEFAULT: "off" };
const unique = (options = "") => `idem-${crypto.randomUUID()}${options}`;
const keyed = (key: string, extra: Record<string, string> = {}) => ({ env: { ...env, ...extra }, headers: { "idempotency-key": key } });
const records = (bindings as unknown as { IDEMPOTENCY: DurableObjectNamespace<Idempotency> }).IDEMPOTENCY;

/** When the lease on the default user's `key` ends, as its object holds it; null once the answer is stored. */
function leaseExpiry(key: string): Promise<number | null> {
  const record = records.get(records.idFromName(JSON.stringify([DEFAULT_USER.sub, key])));
  return runInDurableObject(record, (_object, state) =>
    state.storage.sql.exec<{ lease_expires_at: number | null }>("SELECT lease_expires_at FROM record").toArray()[0]?.lease_expires_at ?? null);
}

const REPEATED = ["x-chorus-provider", "x-chorus-model", "x-chorus-profile", "x-chorus-attempts", "x-chorus-cache", "x-chorus-route", "content-type"];

describe("Idempotency-Key on chat completions", () => {
  it("replays the stored answer, status and headers with no new upstream call", async () => {
    const model = unique();
    const key = crypto.randomUUID();
    const first = await chat({ model: `openai/${model}` }, keyed(key));
    const firstBody = await first.text();
    await settle();
    const replay = await chat({ model: `openai/${model}` }, keyed(key));
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(firstBody);
    for (const name of REPEATED) expect(replay.headers.get(name), name).toBe(first.headers.get(name));
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(first.headers.get("x-chorus-idempotent-replay")).toBeNull();
    expect(replay.headers.get("x-chorus-request-id")).not.toBe(first.headers.get("x-chorus-request-id"));
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("replays a stream as the same SSE", async () => {
    const model = unique();
    const key = crypto.randomUUID();
    const body = { model: `openai/${model}`, stream: true, stream_options: { include_usage: true } };
    const first = await (await chat(body, keyed(key))).text();
    await settle();
    const replay = await chat(body, keyed(key));
    expect(replay.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    const text = await replay.clone().text();
    expect(text).toBe(first);
    const { events, done } = await readSse(replay);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: hello world");
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("treats the same JSON with its keys in another order as the same body", async () => {
    const model = unique();
    const key = crypto.randomUUID();
    const messages = [{ role: "user", content: "hi" }];
    await (await call("/v1/chat/completions", JSON.stringify({ model: `openai/${model}`, messages }), keyed(key))).text();
    await settle();
    const replay = await call("/v1/chat/completions", JSON.stringify({ messages, model: `openai/${model}` }), keyed(key));
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
  });

  it("answers 422 idempotency_key_reused to the same key with another body", async () => {
    const key = crypto.randomUUID();
    await (await chat({ model: `openai/${unique()}` }, keyed(key))).text();
    await settle();
    const other = await chat({ model: `openai/${unique()}` }, keyed(key));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { type: "invalid_request_error", code: "idempotency_key_reused" } });
  });

  it("lets a duplicate wait for the request in flight and get its answer", async () => {
    const model = unique("~firstTokenMs=600");
    const key = crypto.randomUUID();
    const first = chat({ model: `openai/${model}` }, keyed(key));
    expect(await eventually(async () => (await seenBy("openai", model)).length === 1)).toBe(true);
    const duplicate = await chat({ model: `openai/${model}` }, keyed(key));
    const original = await first;
    expect(duplicate.status).toBe(200);
    expect(duplicate.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(await duplicate.text()).toBe(await original.text());
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("answers 409 idempotency_in_progress when the first request outlasts the wait", async () => {
    const model = unique("~firstTokenMs=1500");
    const key = crypto.randomUUID();
    const first = chat({ model: `openai/${model}` }, keyed(key, { IDEMPOTENCY_WAIT_MS: "200" }));
    expect(await eventually(async () => (await seenBy("openai", model)).length === 1)).toBe(true);
    const started = Date.now();
    const duplicate = await chat({ model: `openai/${model}` }, keyed(key, { IDEMPOTENCY_WAIT_MS: "200" }));
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get("retry-after")).toBe("1");
    expect(await duplicate.json()).toMatchObject({ error: { type: "invalid_request_error", code: "idempotency_in_progress" } });
    expect((await first).status).toBe(200);
  });

  it("stores the request's own 4xx and replays it", async () => {
    const model = unique("~status=400");
    const key = crypto.randomUUID();
    const first = await chat({ model: `openai/${model}` }, keyed(key));
    expect(first.status).toBe(400);
    const body = await first.text();
    await settle();
    const replay = await chat({ model: `openai/${model}` }, keyed(key));
    expect(replay.status).toBe(400);
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(await replay.text()).toBe(body);
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it("releases the key after an upstream failure, so a retry runs", async () => {
    // `local` (served by the OpenAI fake), so these failures weigh on no circuit other tests watch.
    const model = unique("~status=503~times=2");
    const key = crypto.randomUUID();
    const failed = await chat({ model: `local/${model}` }, keyed(key));
    expect(failed.status).toBe(502);
    await settle();
    const retry = await chat({ model: `local/${model}` }, keyed(key));
    expect(retry.status).toBe(200);
    expect(retry.headers.get("x-chorus-idempotent-replay")).toBeNull();
    expect(await seenBy("openai", model)).toHaveLength(3);
  });

  it("does not store a stream that failed after it started: a retry runs again", async () => {
    const model = unique("~cutAfter=2");
    const key = crypto.randomUUID();
    const body = { model: `local/${model}`, stream: true, messages: [{ role: "user", content: "a b c d e f" }] };
    const { events } = await readSse(await chat(body, keyed(key)));
    expect(events.at(-1)).toHaveProperty("error");
    await settle();
    const retry = await chat(body, keyed(key));
    expect(retry.headers.get("x-chorus-idempotent-replay")).toBeNull();
    await retry.text();
    expect(await seenBy("openai", model)).toHaveLength(2);
  });

  it("releases the key when the client leaves mid-stream", async () => {
    const model = unique("~chunkMs=100");
    const key = crypto.randomUUID();
    const body = { model: `openai/${model}`, stream: true, messages: [{ role: "user", content: "one two three four five six" }] };
    const reader = (await chat(body, keyed(key))).body!.getReader();
    await reader.read();
    await reader.cancel();
    await settle();
    const retry = await chat(body, keyed(key));
    expect(retry.headers.get("x-chorus-idempotent-replay")).toBeNull();
    expect(streamedText((await readSse(retry)).events)).toBe("Echo: one two three four five six");
  });

  it("keeps the key while a stream outlasts its lease: a duplicate waits for it and gets the replay", async () => {
    const model = unique("~chunkMs=150");
    const key = crypto.randomUUID();
    // Eight chunks 150 ms apart: the stream runs three times as long as the 400 ms lease.
    const settings = { IDEMPOTENCY_LEASE_MS: "400", IDEMPOTENCY_WAIT_MS: "5000" };
    const body = { model: `openai/${model}`, stream: true, messages: [{ role: "user", content: "one two three four five six seven eight" }] };
    const first = chat(body, keyed(key, settings)).then((res) => res.text());
    expect(await eventually(async () => (await seenBy("openai", model)).length === 1)).toBe(true);
    // Two renewals, half a lease apart, so the first lease is over: the key is held only because the stream renews it.
    const leases = new Set<number>();
    expect(await eventually(async () => {
      const expiry = await leaseExpiry(key);
      if (expiry !== null) leases.add(expiry);
      return leases.size >= 3;
    })).toBe(true);
    const duplicate = await chat(body, keyed(key, settings));
    expect(duplicate.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(await duplicate.text()).toBe(await first);
    expect(await seenBy("openai", model)).toHaveLength(1);
  });

  it.each([["too long", "k".repeat(256)], ["empty", ""]])("answers 400 to a key that is %s", async (_label, key) => {
    const res = await chat({ model: `openai/${unique()}` }, keyed(key));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_idempotency_key" } });
  });

  it("exposes the replay header to browsers", async () => {
    const res = await chat({ model: `openai/${unique()}` }, { ...keyed(crypto.randomUUID()), headers: { origin: "https://app.example.com", "idempotency-key": crypto.randomUUID() } });
    expect(res.headers.get("access-control-expose-headers")).toContain("x-chorus-idempotent-replay");
  });

  it("replays embeddings too", async () => {
    const model = unique();
    const key = crypto.randomUUID();
    const body = { model: `openai/${model}`, input: "hello" };
    const first = await (await call("/v1/embeddings", body, keyed(key))).text();
    await settle();
    const replay = await call("/v1/embeddings", body, keyed(key));
    expect(replay.headers.get("x-chorus-idempotent-replay")).toBe("true");
    expect(await replay.text()).toBe(first);
    expect(await seenBy("openai", model)).toHaveLength(1);
  });
});
