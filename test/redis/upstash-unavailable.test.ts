import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UpstashRateLimiter } from "../../workers/gateway/src/rate-limit/upstash-rate-limiter.ts";

const servers: Server[] = [];

/** A stand-in for an Upstash in trouble, on a loopback port. */
async function upstashThat(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handle);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const query = { userId: "user-1", plan: "free" as const, requestsPerMinute: 10 };

describe("Upstash unavailable (no Redis needed)", () => {
  it("never answering: the limiter gives up at its timeout and cuts the HTTP call, leaving no call open", async () => {
    const { url, server } = await upstashThat(() => undefined);
    const closed = new Promise((resolve) => server.once("connection", (socket) => socket.once("close", resolve)));
    const limiter = new UpstashRateLimiter({ url, token: "t", timeoutMs: 100 });
    // Either way the guard lets the request go ahead: a resolved "ok" (the library's timeout) or a rejection (the abort).
    const answer = await limiter.limit(query).catch(() => "unavailable");
    expect([{ ok: true }, "unavailable"]).toContainEqual(answer);
    // Without the signal the call would stay open as long as the server kept quiet: this would wait for the test's timeout.
    await closed;
  }, 5_000);

  it("refusing connections: the limiter fails at once rather than retrying with backoff", async () => {
    let attempts = 0;
    const { url } = await upstashThat((req) => {
      attempts += 1;
      req.socket.destroy();
    });
    // A timeout far beyond the library's default backoff (5 retries, ~4.3 s), so only retries could hold it up.
    const limiter = new UpstashRateLimiter({ url, token: "t", timeoutMs: 30_000 });
    await expect(limiter.limit(query)).rejects.toThrow();
    // `retry: false` in @upstash/redis 1.39 still makes one immediate second attempt (no backoff); the default makes six.
    expect(attempts).toBeLessThanOrEqual(2);
  });
});
