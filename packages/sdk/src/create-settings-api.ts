import type { ChorusOwnKey, ChorusOwnKeyTest, ChorusSettings, ChorusSettingsPatch } from "./account-types.ts";
import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import type { Transport } from "./create-chorus-client.ts";

type Signal = Pick<ChorusRequestOptions, "signal">;

/** `/v1/settings/keys`: the caller's own provider keys, billed to them and free of platform limits. */
export interface ChorusOwnKeys {
  /** The stored keys, as `last4` only. */
  list(options?: Signal): Promise<ChorusOwnKey[]>;
  /** Stores (or replaces) the key for `provider`, encrypted at rest. */
  put(provider: string, apiKey: string, options?: Signal): Promise<ChorusOwnKey>;
  /** 404 `not_found` when no key is stored for `provider`. */
  remove(provider: string, options?: Signal): Promise<void>;
  /** Asks the provider for one token with the stored key; a refused key is `ok: false`, not a thrown error. */
  test(provider: string, request?: { model?: string }, options?: Signal): Promise<ChorusOwnKeyTest>;
}

/** `/v1/settings`: the caller's preferences and limits. */
export interface ChorusSettingsApi {
  get(options?: Signal): Promise<ChorusSettings>;
  /** `PUT`: merges the fields given and resolves the settings as stored. */
  update(patch: ChorusSettingsPatch, options?: Signal): Promise<ChorusSettings>;
  keys: ChorusOwnKeys;
}

const keyAt = (provider: string) => `/v1/settings/keys/${encodeURIComponent(provider)}`;

export function createSettingsApi({ send, readJson }: Transport): ChorusSettingsApi {
  const json = async <T>(response: Promise<Response>, options: Signal): Promise<T> => readJson<T>(await response, options.signal);
  return {
    get: (options = {}) => json(send({ method: "GET", path: "/v1/settings", options }), options),
    update: (patch, options = {}) => json(send({ method: "PUT", path: "/v1/settings", body: patch, options }), options),
    keys: {
      list: (options = {}) => json(send({ method: "GET", path: "/v1/settings/keys", options }), options),
      put: (provider, apiKey, options = {}) => json(send({ method: "PUT", path: keyAt(provider), body: { apiKey }, options }), options),
      async remove(provider, options = {}) {
        await send({ method: "DELETE", path: keyAt(provider), options });
      },
      test: (provider, request = {}, options = {}) =>
        json(send({ method: "POST", path: `${keyAt(provider)}/test`, body: request, options }), options),
    },
  };
}
