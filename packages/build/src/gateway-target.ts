import { BuildError } from "./build-error.ts";

export type Env = Record<string, string | undefined>;

/** The gateway to use: its root URL (a trailing `/v1` dropped) and key. */
export interface GatewayTarget {
  url: string;
  apiKey: string;
}

/** `CHORUS_URL` and `CHORUS_API_KEY` when both are set; undefined when neither is (in process); one alone is a mistake. */
export function gatewayTarget(env: Env): GatewayTarget | undefined {
  const url = env.CHORUS_URL?.trim();
  const apiKey = env.CHORUS_API_KEY?.trim();
  if (url && apiKey) return { url: url.replace(/\/+$/, "").replace(/\/v1$/, ""), apiKey };
  if (url) throw new BuildError("CHORUS_URL is set but CHORUS_API_KEY is not: set both to call a gateway, or neither to call the providers in process");
  if (apiKey) throw new BuildError("CHORUS_API_KEY is set but CHORUS_URL is not: set both to call a gateway, or neither to call the providers in process");
  return undefined;
}
