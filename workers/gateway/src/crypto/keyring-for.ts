import type { Keyring } from "./keyring.ts";
import { readKeyring, type KeyringVariables } from "./read-keyring.ts";

const keyrings = new WeakMap<object, Promise<Keyring>>();

/**
 * The keyring of a bindings object, read and imported once per isolate like
 * the gateway config. A failed read is not kept, so the ConfigError is raised
 * (and logged) on every request until the secret is fixed.
 */
export function keyringFor(env: KeyringVariables): Promise<Keyring> {
  let keyring = keyrings.get(env);
  if (!keyring) {
    keyring = readKeyring(env);
    keyrings.set(env, keyring);
    keyring.catch(() => keyrings.delete(env));
  }
  return keyring;
}
