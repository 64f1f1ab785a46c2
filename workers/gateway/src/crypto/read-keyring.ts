import { ConfigError } from "../config/config-error.ts";
import type { GatewayVariable } from "../env.ts";
import { fromBase64 } from "./base64.ts";
import type { Keyring } from "./keyring.ts";

const KEY = "KEY_ENCRYPTION_KEY" satisfies GatewayVariable;
const VERSION = "KEY_ENCRYPTION_KEY_VERSION" satisfies GatewayVariable;
const PREVIOUS = "KEY_ENCRYPTION_KEYS_PREVIOUS" satisfies GatewayVariable;
const HOW_TO_MAKE = "32 random bytes in base64, e.g. `openssl rand -base64 32`";

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

/** Messages name the variable and never echo its value: it is a secret. */
function keyBytes(value: unknown, name: string): Uint8Array {
  if (typeof value !== "string") throw new ConfigError(`${name} must be a string: ${HOW_TO_MAKE}`);
  const bytes = fromBase64(value);
  if (!bytes) throw new ConfigError(`${name} is not valid base64: ${HOW_TO_MAKE}`);
  if (bytes.length !== 32) throw new ConfigError(`${name} must decode to exactly 32 bytes (AES-256), got ${bytes.length}: ${HOW_TO_MAKE}`);
  return bytes;
}

function version(value: unknown, name: string): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new ConfigError(`${name} must be a whole number >= 1`);
  return Number(text);
}

function previousKeys(value: unknown, currentVersion: number): Map<number, Uint8Array> {
  const shape = `${PREVIOUS} must be a JSON object of earlier keys, {"<version>": "<base64 key>"}`;
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigError(`${shape}; it is not valid JSON`);
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError(shape);
  const keys = new Map<number, Uint8Array>();
  for (const [name, key] of Object.entries(parsed)) {
    const field = `${PREVIOUS}[${JSON.stringify(name)}]`;
    const v = version(name, `${field}: the version`);
    if (v === currentVersion) throw new ConfigError(`${field}: version ${v} is the current ${VERSION}; previous keys need other versions`);
    keys.set(v, keyBytes(key, field));
  }
  return keys;
}

function importKey(bytes: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new Uint8Array(bytes), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

/** The keyring's variables; values are unknown since a TOML number or table in [vars] arrives as one. */
export type KeyringVariables = { readonly [Name in typeof KEY | typeof VERSION | typeof PREVIOUS]?: unknown };

/**
 * The keyring from `KEY_ENCRYPTION_KEY` (base64, 32 bytes), its version
 * `KEY_ENCRYPTION_KEY_VERSION` (default 1) and `KEY_ENCRYPTION_KEYS_PREVIOUS`
 * (JSON `{"1": "<base64>"}`, for rows sealed before a rotation). Throws a
 * ConfigError naming the variable when one is missing or malformed.
 */
export async function readKeyring(env: KeyringVariables): Promise<Keyring> {
  if (!present(env[KEY])) throw new ConfigError(`${KEY} is not set; own provider keys are encrypted with it (${HOW_TO_MAKE})`);
  const current = keyBytes(env[KEY], KEY);
  const currentVersion = present(env[VERSION]) ? version(env[VERSION], VERSION) : 1;
  const raw = present(env[PREVIOUS]) ? previousKeys(env[PREVIOUS], currentVersion) : new Map<number, Uint8Array>();
  raw.set(currentVersion, current);
  const keys = new Map<number, CryptoKey>();
  for (const [v, bytes] of raw) keys.set(v, await importKey(bytes));
  return { currentVersion, keys };
}
