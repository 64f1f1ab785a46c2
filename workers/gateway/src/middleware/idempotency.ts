import { GatewayError, renewEvery, systemClock } from "@chorus/core";
import type { Context, MiddlewareHandler } from "hono";
import { idempotencySettings } from "../config/idempotency-settings.ts";
import type { StoredResponse } from "../durable/idempotency.ts";
import { callerScope } from "../edge/caller-scope.ts";
import type { GatewayEnv } from "../env.ts";
import { readIdempotencyKey } from "../idempotency/idempotency-key.ts";
import { idempotencyObject } from "../idempotency/idempotency-object.ts";
import { recordBody } from "../idempotency/record-body.ts";
import { requestFingerprint } from "../idempotency/request-fingerprint.ts";
import { isCompleteSse, isReplayable, replayResponse, storedResponse } from "../idempotency/stored-response.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** Set when the answer is a stored one replayed for an `Idempotency-Key`: no upstream call, nothing to meter again. */
    idempotentReplay: boolean;
  }
}

type Env = { Bindings: GatewayEnv };

/** Larger answers are not stored (a Durable Object row holds at most 2 MB); their key is released instead. */
const MAX_STORED_BYTES = 1_000_000;

/** The body as sent, or undefined when it is not JSON: the route answers that with its own 400, keyed or not. */
async function jsonBody(c: Context<Env>): Promise<unknown> {
  try {
    return await c.req.json<unknown>();
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Runs `work` after the response, logging instead of failing: the answer is already on its way. */
function later(c: Context<Env>, work: () => Promise<unknown>): void {
  c.executionCtx.waitUntil(work().catch((error: unknown) => {
    console.error(JSON.stringify({ requestId: c.get("requestId"), idempotency: error instanceof Error ? error.message : String(error) }));
  }));
}

/**
 * `Idempotency-Key` (CONTRACT.md): the first request with a key runs and its
 * answer is stored in the key's `Idempotency` object; a replay with the same
 * body gets that answer (`x-chorus-idempotent-replay: true`, no upstream
 * call), another body 422 `idempotency_key_reused`, and a duplicate of a
 * request still running waits for it, then 409 `idempotency_in_progress`.
 * Answers a retry could improve (408, 409, 429, 5xx, a stream that failed or
 * was cut off) release the key instead. Mount after auth: the key is scoped
 * by `callerScope`.
 */
export function idempotency(): MiddlewareHandler<Env> {
  return async function idempotency(c, next) {
    const key = readIdempotencyKey(c.req.header("idempotency-key"));
    const body = key === undefined ? undefined : await jsonBody(c);
    if (key === undefined || body === undefined) return next();

    const fingerprint = await requestFingerprint({ method: c.req.method, path: c.req.path, body });
    const record = idempotencyObject(c.env, callerScope(c), key);
    const settings = idempotencySettings(c.env);
    const claim = await record.claim({ fingerprint, ...settings });
    if (claim.kind === "mismatch") {
      throw new GatewayError({ status: 422, code: "idempotency_key_reused", message: "This Idempotency-Key was already used with a different request body; use a new key for a new request." });
    }
    if (claim.kind === "in_progress") {
      throw new GatewayError({ status: 409, code: "idempotency_in_progress", retryAfterSeconds: 1, message: "A request with this Idempotency-Key is still in progress; retry once it has finished." });
    }
    if (claim.kind === "replay") {
      c.set("idempotentReplay", true);
      return replayResponse(claim.response);
    }

    const { leaseId } = claim;
    const keep = (stored: StoredResponse | undefined) =>
      later(c, () => (stored ? record.complete(leaseId, stored) : record.release(leaseId)));
    await next();
    const response = c.res;
    if (!isReplayable(response.status) || !response.body) return keep(undefined);
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
      const text = await response.text();
      keep(new TextEncoder().encode(text).byteLength <= MAX_STORED_BYTES ? storedResponse(response, text) : undefined);
      c.res = new Response(text, response);
      return;
    }
    // A stream may outlast its lease: renewed at half the lease while it runs, so no duplicate takes the key over meanwhile.
    const renewing = renewEvery({ clock: systemClock, everyMs: settings.leaseMs / 2, renew: () => record.renew(leaseId, settings.leaseMs) });
    const recorded = recordBody(response.body, {
      limitBytes: MAX_STORED_BYTES,
      onEnd: (text) => {
        renewing.stop();
        keep(text !== undefined && isCompleteSse(text) ? storedResponse(response, text) : undefined);
      },
    });
    c.res = new Response(recorded, response);
  };
}
