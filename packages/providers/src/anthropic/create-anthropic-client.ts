import type { AdapterOptions } from "@chorus/core";
import { BaseAnthropic } from "@anthropic-ai/sdk/client";
import { Messages } from "@anthropic-ai/sdk/resources/messages";

/**
 * The SDK's base client without its credential discovery (profiles on disk,
 * workload identity): behind a gateway the key given is the only key.
 */
class GatewayAnthropic extends BaseAnthropic {
  protected override _shouldResolveDefaultCredentials(): boolean {
    return false;
  }
}

/** Long enough never to cut an answer: the router's signal bounds each attempt. */
const SDK_TIMEOUT_MS = 10 * 60 * 1000;

/** The one resource the gateway calls. */
export interface AnthropicClient {
  messages: Messages;
}

/**
 * The base client with only the Messages resource attached: the full
 * `Anthropic` class pulls in every resource (beta, admin, skills...) and
 * would add ~60 KB gzipped to the Worker for nothing it calls.
 */
export function createAnthropicClient(options: AdapterOptions): AnthropicClient {
  const client = new GatewayAnthropic({
    // null, not undefined: the SDK would otherwise read ANTHROPIC_* from the process environment.
    apiKey: options.apiKey ?? null,
    authToken: null,
    baseURL: options.baseURL ?? null,
    // The router retries, with its own backoff and deadline.
    maxRetries: 0,
    // An explicit timeout also stops the SDK refusing large max_tokens without streaming.
    timeout: SDK_TIMEOUT_MS,
    fetch: options.fetch,
    // With no key the request goes out without credentials and Anthropic's 401 says so.
    defaultHeaders: options.apiKey ? options.headers : { ...options.headers, authorization: null },
  });
  return { messages: new Messages(client) };
}
