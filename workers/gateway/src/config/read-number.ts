import { readSetting } from "@chorus/core";
import type { GatewayVariable, GatewayVariables } from "../env.ts";
import { ConfigError } from "./config-error.ts";

/** A whole-number variable, its default when unset; anything else is a ConfigError naming it. */
export function readNumber(env: GatewayVariables, name: GatewayVariable, fallback: number, minimum = 1): number {
  const raw = readSetting(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new ConfigError(`${name} must be a whole number >= ${minimum}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
