import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { adminCreateApiKey, adminRevokeApiKey, createDb, recordUser } from "../../../packages/db/src/index.ts";
import { ApiKeyCache } from "../../../workers/gateway/src/auth/api-key-cache.ts";
import { isApiKeyShaped } from "../../../workers/gateway/src/auth/api-key-shape.ts";
import { lookupApiKeyInD1 } from "../../../workers/gateway/src/auth/lookup-api-key-in-d1.ts";
import { authTestApp, errorOf } from "./auth-test-app.ts";

// The hook against the real `api_keys` table and queries (test D1 with the real migrations).
describe("API keys stored in D1", () => {
  it("a key issued by the admin query acts as its user with the plan recorded for them, until revoked", async () => {
    const db = createDb(env.DB);
    const userId = `server-${crypto.randomUUID()}`;
    await recordUser(db, userId, { plan: "pro", emailVerified: true });
    const created = await adminCreateApiKey(db, { userId, name: "backend" });
    expect(isApiKeyShaped(created.key)).toBe(true);

    const cache = new ApiKeyCache();
    const { send } = authTestApp({ lookupApiKey: lookupApiKeyInD1, apiKeyCache: cache });
    const { res, text } = await send("/v1/whoami", { token: created.key });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ userId, tier: "verified", plan: "pro", emailVerified: true, credential: "api_key", apiKeyId: created.id });

    expect(await adminRevokeApiKey(db, created.id)).toBe(true);
    cache.forget(created.id);
    const revoked = await send("/v1/whoami", { token: created.key });
    expect(revoked.res.status).toBe(401);
    expect(errorOf(revoked.text).code).toBe("invalid_token");
  });

  it("a key whose user was never seen is on the free plan", async () => {
    const created = await adminCreateApiKey(createDb(env.DB), { userId: `new-${crypto.randomUUID()}`, name: "cli" });
    const { send } = authTestApp({ lookupApiKey: lookupApiKeyInD1 });
    expect(JSON.parse((await send("/v1/whoami", { token: created.key })).text).plan).toBe("free");
  });
});
