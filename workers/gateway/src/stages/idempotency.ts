import { GatewayError, renewEvery } from "@chorus/core";
import { idempotencySettings } from "../config/idempotency-settings.ts";
import type { StoredResponse } from "../durable/idempotency.ts";
import { toGatewayError } from "../http/to-gateway-error.ts";
import { readIdempotencyKey } from "../idempotency/idempotency-key.ts";
import { idempotencyObject } from "../idempotency/idempotency-object.ts";
import { requestFingerprint } from "../idempotency/request-fingerprint.ts";
import { isReplayable, replayResponse } from "../idempotency/stored-response.ts";
import type { Answer } from "../request/answer.ts";
import type { AnswerEnded } from "../request/answer-ended.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

/** Larger answers are not stored (a Durable Object row holds at most 2 MB); their key is released instead. */
const MAX_STORED_BYTES = 1_000_000;

/** The content type and the `x-chorus-*` headers, except the request id: each replay has its own. */
function keptHeaders(headers: Record<string, string>, contentType: string): Record<string, string> {
  const kept: Record<string, string> = { "content-type": contentType };
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-chorus-") && name !== "x-chorus-request-id") kept[name] = value;
  }
  return kept;
}

/** What a replay of this ending would send, or undefined when a retry could do better (and the key is released). */
function storedOf(answer: Answer | undefined, ended: AnswerEnded): StoredResponse | undefined {
  if (!isReplayable(ended.status)) return undefined;
  if (ended.error !== undefined && answer === undefined) {
    const error = toGatewayError(ended.error).error;
    return { status: error.status, headers: { "content-type": "application/json", ...error.headers }, body: JSON.stringify(error.toBody()) };
  }
  if (!answer || ended.body === undefined) return undefined;
  const contentType = answer.kind === "stream" ? "text/event-stream; charset=utf-8" : "application/json";
  return { status: ended.status, headers: keptHeaders(answer.headers, contentType), body: ended.body };
}

/**
 * `Idempotency-Key` (CONTRACT.md): the first request with a key runs and its
 * answer is stored in the key's `Idempotency` object; a replay with the same
 * body gets that answer (`x-chorus-idempotent-replay: true`, no upstream
 * call), another body 422 `idempotency_key_reused`, and a duplicate of a
 * request still running waits for it, then 409 `idempotency_in_progress`.
 * Answers a retry could improve (408, 409, 429, 5xx, a stream that failed or
 * was cut off) release the key instead. Keys are the caller's own.
 */
export async function idempotency<Body>(scope: RequestScope<Body>, next: Next<Body>): Promise<Answer> {
  const key = readIdempotencyKey(scope.hints.idempotencyKey);
  if (key === undefined) return next();

  const fingerprint = await requestFingerprint({ method: scope.method, path: scope.path, body: scope.raw });
  const record = idempotencyObject(scope.env, scope.principal.userId, key);
  const settings = idempotencySettings(scope.env);
  const claim = await record.claim({ fingerprint, ...settings });
  if (claim.kind === "mismatch") {
    throw new GatewayError({ status: 422, code: "idempotency_key_reused", message: "This Idempotency-Key was already used with a different request body; use a new key for a new request." });
  }
  if (claim.kind === "in_progress") {
    throw new GatewayError({ status: 409, code: "idempotency_in_progress", retryAfterSeconds: 1, message: "A request with this Idempotency-Key is still in progress; retry once it has finished." });
  }
  if (claim.kind === "replay") return { kind: "ready", response: replayResponse(claim.response), headers: {} };

  const { leaseId } = claim;
  let answer: Answer | undefined;
  let renewing: { stop(): void } | undefined;
  scope.ended.keepBody(MAX_STORED_BYTES);
  scope.ended.subscribe((ended) => {
    renewing?.stop();
    const stored = storedOf(answer, ended);
    scope.later("idempotency record failed", stored ? record.complete(leaseId, stored) : record.release(leaseId));
  });
  answer = await next();
  // A stream may outlast its lease: renewed at half the lease while it runs, so no duplicate takes the key over meanwhile.
  if (answer.kind === "stream") {
    renewing = renewEvery({ clock: scope.clock, everyMs: settings.leaseMs / 2, renew: () => record.renew(leaseId, settings.leaseMs) });
  }
  return answer;
}
