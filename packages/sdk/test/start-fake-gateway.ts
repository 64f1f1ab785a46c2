import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake gateway received, for asserting what the SDK sent. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export type GatewayHandler = (request: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeGateway {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on loopback, answering in the gateway's wire format through `handler`. */
export async function startFakeGateway(handler: GatewayHandler): Promise<FakeGateway> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (raw, res) => {
    const parts: Buffer[] = [];
    for await (const part of raw) parts.push(part as Buffer);
    const text = Buffer.concat(parts).toString("utf8");
    const request = { method: raw.method ?? "GET", path: raw.url ?? "/", headers: raw.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(request);
    await handler(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `x-chorus-*` headers of an answer served by the third candidate, after two fallbacks. */
export const SERVED_AFTER_FALLBACK = {
  "x-chorus-request-id": "req_123",
  "x-chorus-provider": "google",
  "x-chorus-model": "gemini-3-flash",
  "x-chorus-profile": "fast",
  "x-chorus-attempts": "3",
  "x-chorus-fallback": "openai:503,anthropic:timeout",
  "x-chorus-cache": "miss",
  "x-chorus-route": "surface pin trips",
  "x-chorus-degraded": "true",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

export function errorBody(code: string, type: string, message: string, param: string | null = null) {
  return { error: { message, type, code, param } };
}

/** A `chat.completion.chunk` as the gateway writes it. */
export function chunk(content: string | undefined, finishReason: string | null = null) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "gemini-3-flash",
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finishReason }],
  };
}

/**
 * Starts an SSE answer and writes `text` cut at the given byte offsets, with a
 * pause between writes so each piece reaches the client as its own read.
 */
export async function writeInPieces(res: ServerResponse, text: string, cuts: number[], headers: Record<string, string> = {}): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
  res.flushHeaders();
  const bytes = Buffer.from(text, "utf8");
  const bounds = [0, ...cuts, bytes.length];
  for (let i = 0; i < bounds.length - 1; i++) {
    res.write(bytes.subarray(bounds[i], bounds[i + 1]));
    await sleep(15);
  }
  res.end();
}
