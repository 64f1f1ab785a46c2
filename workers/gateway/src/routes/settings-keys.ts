import { GatewayError, isOwnKeyProvider, OWN_KEY_PROVIDER_IDS, PROVIDERS, type ProviderId } from "@chorus/core";
import { createDb, deleteOwnKey, listOwnKeys } from "@chorus/db";
import { Hono, type Context } from "hono";
import type * as z from "zod";
import { actingUserId } from "../auth/acting-user-id.ts";
import { keyringFor } from "../crypto/keyring-for.ts";
import { storeOwnKey } from "../crypto/store-own-key.ts";
import { KEY_TESTS_PER_MINUTE } from "../durable/key-test-log.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { loadOwnKey } from "../own-keys/load-own-key.ts";
import { ownKeyBody, ownKeyTestBody } from "../own-keys/own-key-bodies.ts";
import { ownKeyCache } from "../own-keys/own-key-of.ts";
import { syncOwnKeyProviders } from "../own-keys/sync-own-key-providers.ts";
import { testOwnKey } from "../own-keys/test-own-key.ts";

type Env = { Bindings: GatewayEnv };

/** A key test waits at most this long, whatever UPSTREAM_TIMEOUT_MS says: someone is looking at a settings page. */
const TEST_TIMEOUT_MS = 15_000;

function notFound(message: string): GatewayError {
  return new GatewayError({ status: 404, code: "not_found", message });
}

/** The path's provider, if users may keep a key for it; anything else is a resource that does not exist. */
function providerOf(c: Context<Env>): ProviderId {
  const provider = c.req.param("provider") ?? "";
  if (!isOwnKeyProvider(provider)) {
    throw notFound(`No own key can be kept for "${provider}": use one of ${OWN_KEY_PROVIDER_IDS.join(", ")}.`);
  }
  return provider;
}

function noKey(provider: ProviderId): GatewayError {
  return notFound(`You have no ${provider} key stored.`);
}

/** The test's options; a request with no body takes the defaults. */
async function testOptions(c: Context<Env>): Promise<z.output<typeof ownKeyTestBody>> {
  const empty = c.req.raw.body === null || c.req.header("content-length") === "0";
  return empty ? {} : readJsonBody(c, ownKeyTestBody);
}

/**
 * The caller's own provider keys (CONTRACT.md). Every handler acts on the
 * caller's keys only (`actingUserId`): there is no way to name another user,
 * so another user's key is simply not there (404). Keys go in once and never
 * come out; only `last4` is shown.
 */
export const settingsKeys = new Hono<Env>()
  .get("/", async (c) => c.json(await listOwnKeys(createDb(c.env.DB), actingUserId(c))))

  .put("/:provider", async (c) => {
    const userId = actingUserId(c);
    const provider = providerOf(c);
    const { apiKey } = await readJsonBody(c, ownKeyBody);
    const summary = await storeOwnKey(createDb(c.env.DB), await keyringFor(c.env), { userId, provider }, apiKey);
    ownKeyCache.forget({ userId, provider });
    await syncOwnKeyProviders(c.env, userId);
    return c.json(summary);
  })

  .delete("/:provider", async (c) => {
    const userId = actingUserId(c);
    const provider = providerOf(c);
    if (!(await deleteOwnKey(createDb(c.env.DB), userId, provider))) throw noKey(provider);
    ownKeyCache.forget({ userId, provider });
    await syncOwnKeyProviders(c.env, userId);
    return c.body(null, 204);
  })

  .post("/:provider/test", async (c) => {
    const userId = actingUserId(c);
    const provider = providerOf(c);
    const options = await testOptions(c);
    const allowed = await c.env.USER_QUOTA.getByName(userId).admitKeyTest(Date.now());
    if (!allowed.ok) {
      throw new GatewayError({
        status: 429, code: "rate_limited", retryAfterSeconds: allowed.retryAfterSeconds,
        message: `At most ${KEY_TESTS_PER_MINUTE} key tests per minute; retry after the Retry-After seconds.`,
      });
    }
    const key = await loadOwnKey(c.env, { userId: c.get("principal").userId, requestId: c.get("requestId") }, provider);
    if (!key) throw noKey(provider);
    const result = await testOwnKey({
      env: c.env,
      key,
      // providerOf admits only providers with `ownKey` facts.
      model: options.model ?? PROVIDERS[provider].ownKey!.testModel,
      timeoutMs: Math.min(TEST_TIMEOUT_MS, c.get("config").timeouts.upstreamMs),
      signal: c.req.raw.signal,
      onRejected: () => ownKeyCache.forget({ userId, provider }),
    });
    return c.json(result);
  });
