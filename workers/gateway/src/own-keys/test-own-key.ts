import { UpstreamError, type ProviderEnv } from "@chorus/core";
import { ownKeyAdapter, type OwnKey } from "../upstream/own-key-adapter.ts";

/** `POST /v1/settings/keys/{provider}/test`'s answer. */
export interface OwnKeyTestResult {
  ok: boolean;
  latencyMs: number;
  /** The model that was asked. */
  model: string;
  /** Why the key did not work; the provider's safe message, never the key. */
  error?: string;
}

export interface OwnKeyTestInput {
  env: ProviderEnv;
  key: OwnKey;
  model: string;
  timeoutMs: number;
  /** The client's: when it leaves, the call stops and nothing is answered. */
  signal: AbortSignal;
  /** The provider refused the key. */
  onRejected: () => void;
}

/** Belt and braces: no provider should quote a key back, but a message that did must not carry it on. */
function withoutKey(message: string, apiKey: string): string {
  return message.split(apiKey).join("[key]");
}

/**
 * Asks the provider for one token with the user's key through its adapter
 * (the real SDK, the real endpoint): the smallest call that proves the key
 * can serve, not just that it exists. Not routed, retried or reported to a
 * breaker: it answers a question about the key, not a user's request.
 */
export async function testOwnKey(input: OwnKeyTestInput): Promise<OwnKeyTestResult> {
  const { key, model } = input;
  const adapter = ownKeyAdapter(input.env, key, input.onRejected);
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = AbortSignal.any([input.signal, timeout]);
  const started = Date.now();
  const result = (error?: string): OwnKeyTestResult => ({ ok: error === undefined, latencyMs: Date.now() - started, model, ...(error === undefined ? {} : { error }) });
  try {
    await adapter.chat({ model, messages: [{ role: "user", content: "Say OK." }], max_completion_tokens: 1 }, { model, signal });
    return result();
  } catch (error) {
    if (input.signal.aborted) throw error;
    if (timeout.aborted) return result(`${key.provider} did not answer within ${input.timeoutMs} ms.`);
    if (error instanceof UpstreamError) return result(withoutKey(error.message, key.apiKey));
    throw error;
  }
}
