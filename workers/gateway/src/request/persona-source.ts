import type { PersonaVoice } from "@chorus/core";
import type { Principal } from "../auth/principal.ts";
import type { GatewayEnv } from "../env.ts";

/** A persona as a request uses it: its voice, how it was addressed, and the profile it pins. */
export interface ScopePersona extends PersonaVoice {
  ref: string;
  profile?: string | null;
}

/** Finds the persona a caller addresses by `ref`, as that caller may see it; undefined when none (or not theirs to see). */
export type PersonaSource = (env: GatewayEnv, principal: Principal, ref: string) => Promise<ScopePersona | undefined>;
