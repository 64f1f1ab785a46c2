export const PLANS = ["free", "pro", "premium"] as const;
export type Plan = (typeof PLANS)[number];

/** `sample`: e-mail not verified, 3 requests on the `cheap` profile; `verified`: the plan's limits. */
export type Tier = "sample" | "verified";

export type CredentialKind = "jwt" | "api_key" | "admin_token";

/** Who is calling, as every route and guard after the auth middleware sees it (`c.get("principal")`). */
export interface Principal {
  readonly userId: string;
  readonly tier: Tier;
  readonly plan: Plan;
  readonly role: "admin" | undefined;
  readonly emailVerified: boolean;
  readonly credential: CredentialKind;
  /** Set when the caller used an API key, so usage and audit can name the key. */
  readonly apiKeyId?: string;
  /** The workspace (organisation) the JWT names (`AUTH_WORKSPACE_CLAIM`); personas are shared within it. API keys carry none. */
  readonly workspace?: string;
}

/** Plans come from tokens and database rows; anything unknown is the least-privileged plan. */
export function toPlan(value: unknown): Plan {
  if (typeof value !== "string") return "free";
  const normalized = value.trim().toLowerCase();
  return (PLANS as readonly string[]).includes(normalized) ? (normalized as Plan) : "free";
}
