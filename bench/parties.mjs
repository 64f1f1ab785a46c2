// Who is measured: the fake upstream called directly, and each server put in
// front of that same fake. The client and the request body are the same for
// all; only the address, the model name and the routing headers differ, as
// each server expects them.
import { sessionUrls } from "./session-urls.mjs";

const CHAT_PATH = "/v1/chat/completions";

/** The feature the busy Worker's profiles define for the guardrail rows (bench/run.mjs), and the answer size it reads. */
export const GUARDED_FEATURE = "bench-guarded";
export const GUARDED_ANSWER_BYTES = 1024;
const RESPONSES_PATH = "/v1/responses";

/** Each request to Chorus comes from the next user in turn (caller-token.mjs). */
function inTurn(tokens, extra = {}) {
  let next = 0;
  return () => ({ authorization: `Bearer ${tokens[next++ % tokens.length]}`, ...extra });
}

/**
 * A party whose server did not start (no URL) is left out. `headers()` gives
 * the next request's headers. `busyCaller`: every request from the one user
 * of `busyToken`, in the concurrency-1 latency and the throughput phases only.
 * `latencyOnly`: in the concurrency-1 latency phase alone. `sessionUrl`: the
 * party posts session messages (session-urls.mjs), not chat completions.
 */
export function partiesOf({ fakeUrl, chorusUrl, chorusTokens, busyUrl, npmStartUrl, devFloorUrl, busyToken, floorUrl, floorKvUrl, portkeyUrl, variantUrls = {} }) {
  const auth = { authorization: "Bearer sk-bench" };
  const always = (headers) => () => headers;
  const busy = always({ authorization: `Bearer ${busyToken}`, "x-chorus-cache": "no-store" });
  return [
    { name: "direct", label: "direct (fake upstream)", base: fakeUrl, model: "gpt-bench", headers: always(auth) },
    // A `provider/model` address: no profile lookup, the OpenAI adapter pointed at the fake by OPENAI_BASE_URL.
    { name: "chorus", label: "Chorus (workerd), cache miss", base: chorusUrl, model: "openai/gpt-bench", headers: inTurn(chorusTokens) },
    // The same without the response cache: what forwarding alone costs, as Portkey (no cache by default) does.
    {
      name: "chorus-no-cache", label: "Chorus (workerd), cache bypassed", base: chorusUrl, model: "openai/gpt-bench",
      headers: inTurn(chorusTokens, { "x-chorus-cache": "no-store" }),
    },
    // The same question every time: after the first, the response cache answers and the fake is never called.
    { name: "chorus-hit", label: "Chorus (workerd), cache hit", base: chorusUrl, model: "openai/gpt-bench", headers: inTurn(chorusTokens), repeat: true },
    // One backend calling with one credential: a Chorus of its own whose plan limits no longer apply, cache bypassed.
    { name: "busy", label: "Chorus (workerd), one caller, cache bypassed", base: busyUrl, model: "openai/gpt-bench", headers: busy, busyCaller: true, streams: false },
    // Issue 11: the busy caller's request with a seeded system persona composed in, and as a session's next message, against "busy".
    {
      name: "busy-persona", label: "Chorus (workerd), one caller, chat with a persona", base: busyUrl, model: "openai/gpt-bench",
      headers: always({ authorization: `Bearer ${busyToken}`, "x-chorus-cache": "no-store", "x-chorus-persona": "writer" }),
      busyCaller: true, streams: false, latencyOnly: true,
    },
    {
      name: "busy-session", label: "Chorus (workerd), one caller, session message", base: busyUrl, model: "openai/gpt-bench", headers: busy,
      sessionUrl: busyUrl && sessionUrls(busyUrl, busy, "openai/gpt-bench"), busyCaller: true, streams: false, latencyOnly: true,
    },
    // Issue 12: the same question through the Responses API (non-streamed only), translated to chat and back.
    {
      name: "busy-responses", label: "Chorus (workerd), one caller, Responses API", base: busyUrl, model: "openai/gpt-bench", headers: busy,
      path: RESPONSES_PATH, responses: true, busyCaller: true, streams: false, latencyOnly: true,
    },
    // Issue 13: a ~1 KB answer with and without a feature whose PII and phrase rails read it (busyVars' LLM_PROFILES), streamed too.
    {
      name: "busy-1k", label: "Chorus (workerd), one caller, 1 KB answer", base: busyUrl, model: `openai/gpt-bench~answerBytes=${GUARDED_ANSWER_BYTES}`, headers: busy,
      answerBytes: GUARDED_ANSWER_BYTES, busyCaller: true, latencyOnly: true, streams: true,
    },
    {
      name: "busy-guarded", label: "Chorus (workerd), one caller, 1 KB answer, PII and phrase rails", base: busyUrl,
      model: `openai/gpt-bench~answerBytes=${GUARDED_ANSWER_BYTES}`,
      headers: always({ authorization: `Bearer ${busyToken}`, "x-chorus-cache": "no-store", "x-chorus-feature": GUARDED_FEATURE }),
      answerBytes: GUARDED_ANSWER_BYTES, busyCaller: true, latencyOnly: true, streams: true,
    },
    // The same through `npm start` (scripts/dev.mjs: wrangler dev, its proxy in front, state on disk), as a new user runs it.
    {
      name: "npm-start-busy", label: "Chorus (`npm start`), one caller, cache bypassed", base: npmStartUrl, model: "openai/gpt-bench", headers: busy,
      busyCaller: true, streams: false,
    },
    // The layers measured one at a time (bench/variant-worker.ts), each against the core in the same run.
    { name: "core", label: "core alone (no identity, no edge state)", base: variantUrls.core, model: "openai/gpt-bench", headers: always({}) },
    { name: "core-edge", label: "core + breakers, health, cache (miss)", base: variantUrls.edge, model: "openai/gpt-bench", headers: always({}) },
    {
      name: "core-edge-no-cache", label: "core + breakers, health (cache bypassed)", base: variantUrls.edge, model: "openai/gpt-bench",
      headers: always({ "x-chorus-cache": "no-store" }),
    },
    {
      name: "core-identity", label: "core + auth, quota, metering", base: variantUrls.identity, model: "openai/gpt-bench", headers: inTurn(chorusTokens),
    },
    // Reference: the openai SDK's call alone, no gateway around it.
    // Non-streamed calls only (`streams: false`).
    { name: "sdk", label: "openai SDK alone (no gateway; reference)", base: variantUrls.sdk, model: "gpt-bench", headers: always({}), streams: false },
    {
      name: "portkey", label: "Portkey 1.15.2 (Node)", base: portkeyUrl, model: "gpt-bench",
      headers: always({ ...auth, "x-portkey-provider": "openai", "x-portkey-custom-host": `${fakeUrl}/v1` }),
    },
    // Reference, not a contender: workerd forwarding the request and nothing else.
    { name: "floor", label: "workerd floor (fetch-only Worker)", base: floorUrl, model: "gpt-bench", headers: always(auth) },
    // Reference: the same floor through `wrangler dev --local` (as `npm start` serves), what its dev proxy costs any Worker.
    { name: "dev-floor", label: "workerd floor through `wrangler dev`", base: devFloorUrl, model: "gpt-bench", headers: always(auth), streams: false },
    // Reference: the floor with a KV read before and a KV write after, as a response cache's miss has.
    { name: "floor-kv", label: "workerd floor + KV read and write", base: floorKvUrl, model: "gpt-bench", headers: always(auth) },
  ].filter((party) => party.base).map(({ base, path = CHAT_PATH, ...party }) => ({ ...party, url: new URL(path, base) }));
}
