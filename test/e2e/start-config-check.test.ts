import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ["scripts/dev.mjs"], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000 });
}

describe("npm start checks the configuration before serving", () => {
  it("stops with the bad field named when LLM_PROFILES is wrong", () => {
    const result = start({ LLM_PROFILES: JSON.stringify({ defaultProfile: "fast", profiles: { fast: { candidates: [{ provider: "opneai", model: "x" }] } } }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('profiles.fast.candidates[0].provider: unknown provider "opneai"');
  });

  it("stops on a timeout that is not a number", () => {
    const result = start({ UPSTREAM_TIMEOUT_MS: "soon" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("UPSTREAM_TIMEOUT_MS must be a whole number");
  });
});
