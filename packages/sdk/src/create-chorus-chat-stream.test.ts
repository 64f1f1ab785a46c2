import { describe, expect, it } from "vitest";
import { fakeGatewayClients } from "../test/fake-gateway-clients.ts";
import {
  chunk, errorBody, sendJson, SERVED_AFTER_FALLBACK, sleep, writeInPieces,
} from "../test/start-fake-gateway.ts";
import { ChorusError } from "./chorus-error.ts";

const event = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\r\n\r\n`;

/** Byte offset just after `needle`'s first occurrence plus `extra` bytes: a cut point inside the wire text. */
function cutAt(text: string, needle: string, extra: number): number {
  const bytes = Buffer.from(text, "utf8");
  const at = bytes.indexOf(Buffer.from(needle, "utf8"));
  if (at === -1) throw new Error(`no ${needle} in the fixture`);
  return at + extra;
}

const GREETING = ": connected\r\n\r\n";
const FIRST = event(chunk("Hé"));
const ANSWER = [
  GREETING,
  FIRST,
  ": ping\r\n\r\n",
  event(chunk("llo 👋")),
  event(chunk(" world")),
  event(chunk(undefined, "stop")),
  event("[DONE]"),
].join("");

const firstEnd = Buffer.byteLength(GREETING + FIRST);
/** Inside `data:`, inside `é`, between `\r` and `\n` twice, inside `👋`; the last three events share one read. */
const AWKWARD_CUTS = [cutAt(ANSWER, "data:", 3), cutAt(ANSWER, "é", 1), firstEnd - 3, firstEnd - 1, cutAt(ANSWER, "👋", 2)];

const gateway = fakeGatewayClients();
const { clientFor } = gateway;

describe("client.stream", () => {
  it("reassembles the text from events cut at awkward byte boundaries, with \\r\\n and comments", async () => {
    const client = await clientFor((_request, res) => writeInPieces(res, ANSWER, AWKWARD_CUTS, SERVED_AFTER_FALLBACK));
    const stream = client.stream({ model: "fast", messages: [{ role: "user", content: "hi" }] });

    const contents: (string | null | undefined)[] = [];
    for await (const part of stream) contents.push(part.choices[0]?.delta.content);

    expect(contents).toEqual(["Hé", "llo 👋", " world", undefined]);
    expect(await stream.text()).toBe("Héllo 👋 world");
    expect(await stream.meta).toMatchObject({
      requestId: "req_123",
      provider: "google",
      fallback: [{ provider: "openai", reason: "503" }, { provider: "anthropic", reason: "timeout" }],
      degraded: true,
    });
  });

  it("sends stream: true, the SSE accept header and stream_options", async () => {
    const client = await clientFor((_request, res) => writeInPieces(res, ANSWER, []));
    const stream = client.stream({ messages: [{ role: "user", content: "hi" }], stream_options: { include_usage: true } });
    await stream.text();

    const [request] = gateway.requests;
    expect(request?.body).toEqual({ messages: [{ role: "user", content: "hi" }], stream_options: { include_usage: true }, stream: true });
    expect(request?.headers.accept).toBe("text/event-stream");
    expect(request?.headers.authorization).toBe("Bearer ck_test");
  });

  it("resolves meta as soon as the headers arrive, before the first chunk", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const client = await clientFor(async (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", ...SERVED_AFTER_FALLBACK });
      res.flushHeaders();
      await held;
      res.end(event(chunk("late")) + event("[DONE]"));
    });
    const stream = client.stream({ messages: [{ role: "user", content: "hi" }] });

    expect((await stream.meta).model).toBe("gemini-3-flash");
    release();
    expect(await stream.text()).toBe("late");
  });

  it("throws the in-stream error event as a ChorusError after the chunks before it", async () => {
    const wire = event(chunk("partial ")) + event(errorBody("upstream_timeout", "api_error", "The model stopped answering")) + event("[DONE]");
    const client = await clientFor((_request, res) => writeInPieces(res, wire, [cutAt(wire, "error", 2)], SERVED_AFTER_FALLBACK));
    const stream = client.stream({ messages: [{ role: "user", content: "hi" }] });

    const seen: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) seen.push(part.choices[0]?.delta.content ?? "");
    })().catch((error: unknown) => error);

    expect(seen).toEqual(["partial "]);
    expect(failure).toBeInstanceOf(ChorusError);
    expect(failure).toMatchObject({
      code: "upstream_timeout",
      type: "api_error",
      message: "The model stopped answering",
      requestId: "req_123",
      status: undefined,
      isRetryable: true,
    });
  });

  it("rejects text() with the in-stream error", async () => {
    const wire = event(chunk("partial ")) + event(errorBody("upstream_error", "api_error", "boom")) + event("[DONE]");
    const client = await clientFor((_request, res) => writeInPieces(res, wire, []));

    await expect(client.stream({ messages: [{ role: "user", content: "hi" }] }).text()).rejects.toMatchObject({ name: "ChorusError", code: "upstream_error" });
  });

  it("rejects both meta and the iteration with a typed error when the gateway refuses", async () => {
    const client = await clientFor((_request, res) =>
      sendJson(res, 401, errorBody("auth_required", "authentication_error", "Sign in first"), { "x-chorus-request-id": "req_401" }),
    );
    const stream = client.stream({ messages: [{ role: "user", content: "hi" }] });

    await expect(stream.meta).rejects.toMatchObject({ status: 401, code: "auth_required", requestId: "req_401" });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ChorusError);
  });

  it("stops the stream and closes the connection when the signal aborts", async () => {
    let connectionClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (connectionClosed = resolve));
    const client = await clientFor(async (_request, res) => {
      res.on("close", connectionClosed);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(event(chunk("first")));
      while (!res.destroyed) {
        res.write(": ping\r\n\r\n");
        await sleep(10);
      }
    });
    const controller = new AbortController();
    const stream = client.stream({ messages: [{ role: "user", content: "hi" }] }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();

    expect((await iterator.next()).value?.choices[0]?.delta.content).toBe("first");
    controller.abort();

    await expect(iterator.next()).rejects.toMatchObject({ name: "AbortError" });
    await closed;
  });

  it("closes the connection when the caller breaks out of the loop", async () => {
    let connectionClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (connectionClosed = resolve));
    const client = await clientFor(async (_request, res) => {
      res.on("close", connectionClosed);
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; !res.destroyed; i++) {
        res.write(event(chunk(`${i} `)));
        await sleep(10);
      }
    });

    for await (const part of client.stream({ messages: [{ role: "user", content: "hi" }] })) {
      if (part.choices[0]?.delta.content === "2 ") break;
    }
    await closed;
  });

  it("reports a stream that ends without [DONE] as incomplete", async () => {
    const client = await clientFor((_request, res) => writeInPieces(res, event(chunk("cut ")), []));

    await expect(client.stream({ messages: [{ role: "user", content: "hi" }] }).text()).rejects.toMatchObject({ code: "stream_incomplete" });
  });

  it("reports a connection dropped mid-stream as a network error, not an abort", async () => {
    const client = await clientFor(async (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(event(chunk("cut ")));
      await sleep(20);
      res.destroy();
    });

    const failure = await client.stream({ messages: [{ role: "user", content: "hi" }] }).text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChorusError);
    expect(failure).toMatchObject({ code: "network_error", message: expect.stringContaining("interrupted") });
  });
});
