import { describe, expect, it } from "vitest";
import type { BreakerOutcome } from "./breaker-outcome.ts";
import { MAX_COOLDOWN_MS } from "./breaker-policy.ts";
import { cooldownFor, countsAsFailure, provesRecovery } from "./counts-as-failure.ts";

type Kind = BreakerOutcome["kind"];

describe("countsAsFailure", () => {
  const table: [Kind, boolean, boolean][] = [
    // kind, provider circuit, key cooldown
    ["ok", false, false],
    ["server", true, false],
    ["overloaded", true, false],
    ["timeout", true, false],
    ["connection", true, false],
    ["stream_cut", true, false],
    ["rate_limit", false, true],
    ["quota_exhausted", false, true],
    ["auth", false, true],
    ["bad_request", false, false],
    ["content_filter", false, false],
  ];

  it.each(table)("%s: provider %s, key %s", (kind, provider, key) => {
    expect(countsAsFailure({ kind }, "provider")).toBe(provider);
    expect(countsAsFailure({ kind }, "key")).toBe(key);
  });

  it("never counts one outcome in both scopes, so a 429 cannot open the provider's circuit", () => {
    for (const [kind] of table) expect(countsAsFailure({ kind }, "provider") && countsAsFailure({ kind }, "key")).toBe(false);
  });
});

describe("cooldownFor", () => {
  it("honours Retry-After on a key failure only, capped", () => {
    expect(cooldownFor({ kind: "rate_limit", retryAfterMs: 2_000 }, "key")).toBe(2_000);
    expect(cooldownFor({ kind: "rate_limit", retryAfterMs: 2_000 }, "provider")).toBeUndefined();
    expect(cooldownFor({ kind: "server", retryAfterMs: 2_000 }, "key")).toBeUndefined();
    expect(cooldownFor({ kind: "rate_limit", retryAfterMs: 0 }, "key")).toBeUndefined();
    expect(cooldownFor({ kind: "quota_exhausted", retryAfterMs: 86_400_000 }, "key")).toBe(MAX_COOLDOWN_MS);
  });
});

describe("provesRecovery", () => {
  it("is a key that served, never the provider's circuit", () => {
    expect(provesRecovery({ kind: "ok" }, "key")).toBe(true);
    expect(provesRecovery({ kind: "ok" }, "provider")).toBe(false);
    for (const kind of ["rate_limit", "auth", "server", "timeout", "bad_request"] as const) expect(provesRecovery({ kind }, "key")).toBe(false);
  });
});
