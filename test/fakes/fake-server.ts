import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Set when the caller closed the connection before the answer was complete. */
  abortedByClient?: boolean;
  /** When the request arrived and when its answer was complete (or the connection closed), in ms since the epoch. */
  receivedAt: number;
  endedAt?: number;
}

export type FakeHandler = (request: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => Promise<void> | void;

export interface FakeServer {
  /** `http://127.0.0.1:PORT`, the host root. */
  url: string;
  /** Every request received, newest last; also served at `GET /__requests`. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real HTTP server on loopback that records requests and hands them to `handler`. */
export async function startFakeServer(handler: FakeHandler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (raw, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const path = raw.url ?? "/";
    if (path.startsWith("/__requests")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(requests));
      return;
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: recorded as text
    }
    const request: RecordedRequest = { method: raw.method ?? "GET", path, headers: raw.headers, body, receivedAt: Date.now() };
    requests.push(request);
    res.once("close", () => {
      request.endedAt = Date.now();
      if (!res.writableFinished) request.abortedByClient = true;
    });
    try {
      await handler(request, res, raw);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  server.unref();
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Writes one SSE event; `event` is omitted for data-only streams. */
export function writeSse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}
