import {
  createRemoteJWKSet, customFetch, errors, jwtVerify,
  type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions, type RemoteJWKSet,
} from "jose";
import { invalidToken } from "./auth-errors.ts";
import type { JwtSettings } from "./auth-settings.ts";

/** Seconds of clock skew allowed on `exp` and `nbf`: enough for drifting clocks, short enough not to extend a token's life. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The identity provider's key set could not be fetched or read; not the caller's fault. */
export class KeySetUnavailable extends Error {
  override readonly name = "KeySetUnavailable";
}

// Errors of the token itself when raised while choosing its key (unknown `kid`, unusable `alg`); anything else is the fetch.
const TOKEN_KEY_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

function safeReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    // jose names the claim from our own options (iss, aud, nbf, exp, sub), never from the token.
    if (["iss", "aud", "nbf", "exp", "sub"].includes(error.claim)) {
      return error.claim === "nbf" ? "The token is not valid yet." : `The token's "${error.claim}" claim is missing or not accepted.`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's signing algorithm is not accepted.";
  if (error instanceof errors.JWKSNoMatchingKey) return "The token was not signed by a known key.";
  return "The token is invalid.";
}

/**
 * Verifies bearer JWTs against the configured key source. Remote key sets
 * are kept per URL for the life of the isolate (jose caches the keys for
 * 10 minutes and refetches at most every 30 s for an unknown `kid`), and the
 * HMAC key is imported once per secret.
 */
export class JwtVerifier {
  readonly #fetch: typeof fetch | undefined;
  readonly #remoteSets = new Map<string, RemoteJWKSet>();
  readonly #hmacKeys = new Map<string, CryptoKey>();

  /** `fetch` replaces the global one for JWKS downloads (tests, or a Fetcher binding). */
  constructor(options: { fetch?: typeof fetch } = {}) {
    this.#fetch = options.fetch;
  }

  /** The verified claims; throws an `invalid_token` GatewayError or KeySetUnavailable. */
  async verify(token: string, settings: JwtSettings): Promise<JWTPayload> {
    const options: JWTVerifyOptions = {
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "sub"],
      ...(settings.issuer && { issuer: settings.issuer }),
      ...(settings.audience && { audience: settings.audience }),
    };
    try {
      if (settings.kind === "secret") {
        const key = await this.#hmacKey(settings.secret);
        return (await jwtVerify(token, key, { ...options, algorithms: ["HS256"] })).payload;
      }
      return (await jwtVerify(token, this.#keySet(settings.url), { ...options, algorithms: settings.algorithms })).payload;
    } catch (error) {
      if (error instanceof KeySetUnavailable) throw error;
      throw invalidToken(safeReason(error));
    }
  }

  async #hmacKey(secret: string): Promise<CryptoKey> {
    let key = this.#hmacKeys.get(secret);
    if (!key) {
      key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
      this.#hmacKeys.set(secret, key);
    }
    return key;
  }

  #keySet(url: URL): JWTVerifyGetKey {
    let remote = this.#remoteSets.get(url.href);
    if (!remote) {
      const fetchImpl = this.#fetch;
      remote = createRemoteJWKSet(url, fetchImpl ? { [customFetch]: (input, init) => fetchImpl(input, init) } : {});
      this.#remoteSets.set(url.href, remote);
    }
    const keySet = remote;
    return async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (TOKEN_KEY_ERRORS.some((kind) => error instanceof kind)) throw error;
        throw new KeySetUnavailable(error instanceof Error ? error.message : String(error), { cause: error });
      }
    };
  }
}
