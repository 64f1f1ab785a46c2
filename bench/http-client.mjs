// The one load generator for every party: plain node:http over a keep-alive
// Agent with as many sockets as the concurrency, timing the first and the
// last byte of the response body.
import { Agent, request } from "node:http";

const REQUEST_TIMEOUT_MS = 10_000;

export function keepAliveAgent(concurrency) {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** POSTs `payload`; resolves with the status, the body and the times (ms) to its first and last byte. */
export function post(agent, url, payload, headers) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers },
    }, (res) => {
      const chunks = [];
      let firstByteMs;
      res.on("data", (chunk) => {
        firstByteMs ??= performance.now() - start;
        chunks.push(chunk);
      });
      res.on("end", () => {
        const lastByteMs = performance.now() - start;
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), firstByteMs: firstByteMs ?? lastByteMs, lastByteMs });
      });
      res.on("error", reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}
