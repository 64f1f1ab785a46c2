/**
 * `#!lua flags=a,b` on a script's first line: Redis 7 script flags. Upstash
 * also honours flags open-source Redis does not know (`allow-key-locking`,
 * which @upstash/ratelimit >= 2.1 puts on every script so Upstash locks only
 * the script's keys), and Redis refuses a script with a flag it does not
 * know. These helpers let a client drop exactly the flags a server refused.
 */
const SHEBANG = /^#!lua(?:[ \t]+flags=([^\r\n]*))?[ \t]*(?:\r?\n|$)/;
const REFUSED = /Unexpected flag in script shebang: ([\w-]+)/;

/** The flag a Redis error message says it does not know, if that is what it says. */
export function refusedScriptFlag(message: string): string | undefined {
  return REFUSED.exec(message)?.[1];
}

/**
 * The script without the given flags. When no flag is left the shebang line
 * goes too, so the script runs exactly as scripts did before Redis 7 flags
 * (`#!lua` with no flags would instead switch on Redis's stricter defaults).
 */
export function withoutScriptFlags(script: string, drop: ReadonlySet<string>): string {
  const match = SHEBANG.exec(script);
  if (!match || drop.size === 0) return script;
  const flags = (match[1] ?? "").split(",").map((flag) => flag.trim()).filter(Boolean);
  const kept = flags.filter((flag) => !drop.has(flag));
  if (kept.length === flags.length) return script;
  const rest = script.slice(match[0].length);
  return kept.length === 0 ? rest : `#!lua flags=${kept.join(",")}\n${rest}`;
}
