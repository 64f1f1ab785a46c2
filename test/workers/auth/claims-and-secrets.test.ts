import { describe, expect, it } from "vitest";
import { bearerCredential } from "../../../workers/gateway/src/auth/bearer-credential.ts";
import { pathMatcher } from "../../../workers/gateway/src/auth/path-matcher.ts";
import { principalFromClaims, readClaim } from "../../../workers/gateway/src/auth/principal-from-claims.ts";
import { toPlan } from "../../../workers/gateway/src/auth/principal.ts";
import { secretsEqual } from "../../../workers/gateway/src/auth/secrets-equal.ts";

const reading = { claims: { emailVerified: "email_verified", plan: "plan", role: "role", workspace: "org_id" }, assumeEmailVerified: false };

describe("principalFromClaims", () => {
  it("maps sub, email_verified, plan and role", () => {
    expect(principalFromClaims({ sub: "u1", email_verified: true, plan: "pro", role: "admin" }, reading)).toEqual({
      userId: "u1", tier: "verified", plan: "pro", role: "admin", emailVerified: true, credential: "jwt",
    });
  });

  it.each([[undefined], [""], [42], ["x".repeat(256)], ["bad\nid"], ["tab\tid"]])("no principal for sub %j", (sub) => {
    expect(principalFromClaims({ sub: sub as string }, reading)).toBeUndefined();
  });

  it("the workspace comes from its claim; none, or one unfit for a key, means no workspace", () => {
    expect(principalFromClaims({ sub: "u", org_id: "org_123" }, reading)?.workspace).toBe("org_123");
    expect(principalFromClaims({ sub: "u", org_id: 42 }, reading)?.workspace).toBe("42");
    for (const org_id of [undefined, "", "  ", "bad\nid", "x".repeat(256), ["org"], { id: "org" }, 1.5]) {
      expect(principalFromClaims({ sub: "u", org_id }, reading), JSON.stringify(org_id)).not.toHaveProperty("workspace");
    }
    const nested = { ...reading, claims: { ...reading.claims, workspace: "app_metadata.team" } };
    expect(principalFromClaims({ sub: "u", org_id: "ignored", app_metadata: { team: "t1" } }, nested)?.workspace).toBe("t1");
  });

  it("role lists count when they contain admin", () => {
    expect(principalFromClaims({ sub: "u", role: ["viewer", "admin"] }, reading)?.role).toBe("admin");
    expect(principalFromClaims({ sub: "u", role: ["Admin"] }, reading)?.role).toBeUndefined();
    expect(principalFromClaims({ sub: "u", role: { admin: true } }, reading)?.role).toBeUndefined();
  });
});

describe("readClaim", () => {
  it("prefers the literal key, then walks a dotted path, and never reads inherited properties", () => {
    expect(readClaim({ "https://x.example/plan": "pro" }, "https://x.example/plan")).toBe("pro");
    expect(readClaim({ app_metadata: { plan: "premium" } }, "app_metadata.plan")).toBe("premium");
    expect(readClaim({ "a.b": 1, a: { b: 2 } }, "a.b")).toBe(1);
    expect(readClaim({ a: "str" }, "a.length")).toBeUndefined();
    expect(readClaim({}, "constructor")).toBeUndefined();
    expect(readClaim({ a: {} }, "a.__proto__")).toBeUndefined();
  });
});

describe("toPlan", () => {
  it("known plans, case-insensitive; everything else free", () => {
    expect(["free", "pro", "premium", " PRO "].map(toPlan)).toEqual(["free", "pro", "premium", "pro"]);
    expect(["gold", "", null, undefined, 1, {}].map(toPlan)).toEqual(["free", "free", "free", "free", "free", "free"]);
  });
});

describe("bearerCredential", () => {
  it("reads the Bearer scheme case-insensitively", () => {
    expect(bearerCredential("Bearer abc")).toEqual({ kind: "bearer", value: "abc" });
    expect(bearerCredential("bearer   abc  ")).toEqual({ kind: "bearer", value: "abc" });
  });

  it("tells missing, other schemes and malformed apart", () => {
    expect(bearerCredential(undefined)).toEqual({ kind: "missing" });
    expect(bearerCredential("Bearer ")).toEqual({ kind: "missing" });
    expect(bearerCredential("Basic abc")).toEqual({ kind: "other_scheme" });
    expect(bearerCredential("Bearerabc")).toEqual({ kind: "other_scheme" });
    expect(bearerCredential("Bearer a b")).toEqual({ kind: "malformed" });
    expect(bearerCredential(`Bearer ${"x".repeat(8193)}`)).toEqual({ kind: "malformed" });
  });
});

describe("pathMatcher", () => {
  it("exact paths and /prefix/* (which includes the prefix itself)", () => {
    const matches = pathMatcher(["/", "/admin/*"], "test");
    expect(["/", "/admin", "/admin/", "/admin/usage"].map(matches)).toEqual([true, true, true, true]);
    expect(["/administrator", "/v1/admin", "//"].map(matches)).toEqual([false, false, false]);
  });
});

describe("secretsEqual", () => {
  it("equal only for identical strings, whatever the lengths", async () => {
    expect(await secretsEqual("same-secret", "same-secret")).toBe(true);
    expect(await secretsEqual("same-secret", "same-secreT")).toBe(false);
    expect(await secretsEqual("same-secret", "same-secret-longer")).toBe(false);
    expect(await secretsEqual("", "x")).toBe(false);
  });
});
