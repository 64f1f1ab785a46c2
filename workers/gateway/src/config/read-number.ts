import type { EnvLookup } from "@chorus/core";
import { ConfigError } from "./config-error.ts";

/** A positive integer variable, its default when unset; anything else is a ConfigError naming it. */
export function readNumber(env: EnvLookup, name: string, fallback: number, minimum = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new ConfigError(`${name} must be a whole number >= ${minimum}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
