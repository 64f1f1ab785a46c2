/**
 * A predicate over request paths from patterns: `/healthz` matches that path
 * only; `/admin/*` matches `/admin` and everything below it. Bad patterns
 * throw at construction, so a typo cannot silently open or close a path.
 */
export function pathMatcher(patterns: readonly string[], optionName: string): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== "string" || !pattern.startsWith("/")) {
      throw new Error(`${optionName}: ${JSON.stringify(pattern)} must start with "/"`);
    }
    const star = pattern.indexOf("*");
    if (star === -1) exact.add(pattern);
    else if (star === pattern.length - 1 && pattern.endsWith("/*") && pattern.length > 2) prefixes.push(pattern.slice(0, -2));
    else throw new Error(`${optionName}: ${JSON.stringify(pattern)} may only use "*" as a final "/*"`);
  }
  return (path) => exact.has(path) || prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
