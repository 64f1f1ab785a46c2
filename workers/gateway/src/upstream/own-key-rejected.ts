import { GatewayError, UpstreamError, type ProviderId } from "@chorus/core";

/**
 * A provider refused a user's own key (401/403). Not the provider's fault,
 * and not something another candidate should quietly paper over: the user
 * chose to be served with their key. Kind `bad_request`, so routing stops
 * here (no fallback) and neither the provider's circuit nor the key's
 * breaker counts it. The message names the provider, never the key.
 */
export class OwnKeyRejected extends UpstreamError {
  constructor(provider: ProviderId, status: number | undefined) {
    super({
      provider,
      kind: "bad_request",
      status,
      message: `Your ${provider} key was refused by ${provider}${status === undefined ? "" : ` (${status})`}; update it in settings (PUT /v1/settings/keys/${provider}) or remove it to use the gateway's key.`,
    });
  }

  /**
   * 403: the caller is authenticated but the stored key is refused. Not 401,
   * which clients read as their own Chorus credential failing; not 400, which
   * an Idempotency-Key would replay for 24 h after the key is fixed.
   */
  toGatewayError(): GatewayError {
    return new GatewayError({ status: 403, code: "own_key_rejected", message: this.message });
  }
}
