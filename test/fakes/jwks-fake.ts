import { startFakeServer, type FakeServer } from "./fake-server.ts";

/**
 * An identity provider's key endpoint: `PUT /<name>/jwks.json` publishes a key
 * set (each test its own name), `GET` serves it as a JWKS URL does.
 */
export async function startJwksFake(): Promise<FakeServer> {
  const sets = new Map<string, unknown>();
  return startFakeServer((request, res) => {
    if (request.method === "PUT") {
      sets.set(request.path, request.body);
      res.writeHead(204).end();
      return;
    }
    const set = sets.get(request.path);
    if (set === undefined) res.writeHead(404, { "content-type": "application/json" }).end('{"error":"no such key set"}');
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(set));
  });
}
