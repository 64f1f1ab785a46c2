import { describe, expect, it } from "vitest";
import { refusedScriptFlag, withoutScriptFlags } from "../../workers/gateway/src/rate-limit/script-flags.ts";

const script = "#!lua flags=allow-key-locking\n  local key = KEYS[1]\n  return 1\n";

describe("script flags", () => {
  it("reads the flag from Redis's refusal", () => {
    expect(refusedScriptFlag("ERR Unexpected flag in script shebang: allow-key-locking")).toBe("allow-key-locking");
    expect(refusedScriptFlag("NOSCRIPT No matching script")).toBeUndefined();
  });

  it("drops only the refused flags; with none left, the shebang line goes too", () => {
    expect(withoutScriptFlags(script, new Set(["allow-key-locking"]))).toBe("  local key = KEYS[1]\n  return 1\n");
    expect(withoutScriptFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1", new Set(["allow-key-locking"]))).toBe("#!lua flags=no-writes\nreturn 1");
    expect(withoutScriptFlags(script, new Set(["something-else"]))).toBe(script);
    expect(withoutScriptFlags(script, new Set())).toBe(script);
    expect(withoutScriptFlags("return 1", new Set(["allow-key-locking"]))).toBe("return 1");
  });
});
