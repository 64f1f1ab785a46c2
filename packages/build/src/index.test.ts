import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The modules reachable from the package entry, following relative imports. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const source = readFileSync(new URL(file, import.meta.url), "utf8");
    const specifiers = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((match) => match[1]!);
    seen.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith("./")) visit(specifier);
  };
  visit("./index.ts");
  return seen;
}

describe("@chorus/build entry", () => {
  it("imports nothing but Node's built-ins, so a Next.js server component can import it", () => {
    const graph = reachable("./index.ts");
    expect([...graph.keys()].sort()).toEqual(["./fragment-types.ts", "./index.ts", "./load-llm-fragment.ts"]);
    const outside = [...graph.values()].flat().filter((specifier) => !specifier.startsWith("./") && !specifier.startsWith("node:"));
    expect(outside).toEqual([]);
  });
});
