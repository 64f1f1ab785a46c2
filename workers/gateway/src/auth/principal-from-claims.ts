import type { JWTPayload } from "jose";
import type { ClaimNames } from "./auth-settings.ts";
import { toPlan, type Principal } from "./principal.ts";

const MAX_SUBJECT_LENGTH = 255;
// Control characters in a user id would end up in Durable Object names, D1 keys and log lines.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A claim by name: the literal key first (Auth0's namespaced
 * `https://example.com/plan` contains dots), else a dotted path into nested
 * objects (Supabase's `app_metadata.plan`).
 */
export function readClaim(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function emailVerified(value: unknown, assumeWhenAbsent: boolean): boolean {
  if (value === undefined || value === null) return assumeWhenAbsent;
  // Some providers (Cognito, templated claims) send the flag as a string.
  return value === true || value === "true";
}

function isAdmin(value: unknown): boolean {
  // Role claims are a string in most providers and a list in some (Keycloak, Auth0 RBAC).
  return value === "admin" || (Array.isArray(value) && value.includes("admin"));
}

/** A workspace id as a claim may carry it: a non-empty string (or a number, as some providers send ids) fit for a D1 key. */
function workspaceOf(value: unknown): string | undefined {
  const id = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== "string" || id.trim() === "" || id.length > MAX_SUBJECT_LENGTH || CONTROL.test(id)) return undefined;
  return id;
}

export interface ClaimReading {
  claims: ClaimNames;
  assumeEmailVerified: boolean;
}

/** The principal a verified token stands for; `undefined` when its `sub` cannot be a user id. */
export function principalFromClaims(payload: JWTPayload, reading: ClaimReading): Principal | undefined {
  const { sub } = payload;
  if (typeof sub !== "string" || sub === "" || sub.length > MAX_SUBJECT_LENGTH || CONTROL.test(sub)) return undefined;
  const verified = emailVerified(readClaim(payload, reading.claims.emailVerified), reading.assumeEmailVerified);
  const workspace = workspaceOf(readClaim(payload, reading.claims.workspace));
  return {
    userId: sub,
    tier: verified ? "verified" : "sample",
    plan: toPlan(readClaim(payload, reading.claims.plan)),
    role: isAdmin(readClaim(payload, reading.claims.role)) ? "admin" : undefined,
    emailVerified: verified,
    credential: "jwt",
    ...(workspace !== undefined && { workspace }),
  };
}
