import { GatewayError, type ProviderId } from "@chorus/core";
import { OwnKeyDecryptError } from "../crypto/own-key-decrypt-error.ts";
import { keyFingerprint } from "../edge/key-fingerprint.ts";
import type { GatewayEnv } from "../env.ts";
import type { OwnKey } from "../upstream/own-key-adapter.ts";
import { ownKeyOf } from "./own-key-of.ts";

function unreadable(provider: ProviderId): GatewayError {
  return new GatewayError({
    status: 500,
    code: "own_key_unreadable",
    message: `Your stored ${provider} key cannot be read with the gateway's current encryption keys; store it again (PUT /v1/settings/keys/${provider}).`,
  });
}

/**
 * The caller's own key for a provider, ready for an upstream call;
 * undefined when none is stored. A row that cannot be opened (an encryption
 * key missing after a rotation, or altered data) is logged for the operator
 * and answered with a 500 telling the user how to recover.
 */
export async function loadOwnKey(env: GatewayEnv, owner: { userId: string; requestId?: string }, provider: ProviderId): Promise<OwnKey | undefined> {
  const { userId } = owner;
  let apiKey: string | null;
  try {
    apiKey = await ownKeyOf(env, { userId, provider });
  } catch (error) {
    if (!(error instanceof OwnKeyDecryptError)) throw error;
    // The message names the row and the reason, never key material.
    console.error(JSON.stringify({ requestId: owner.requestId, error: `own key of ${userId}: ${error.message}` }));
    throw unreadable(provider);
  }
  return apiKey === null ? undefined : { provider, apiKey, fingerprint: await keyFingerprint(apiKey) };
}
