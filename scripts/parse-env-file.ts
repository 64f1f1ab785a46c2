/** `.dev.vars` / dotenv syntax: NAME=value lines, optional quotes, # comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, name, raw] = match as unknown as [string, string, string];
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    variables[name] = quoted ? (quoted[1] === '"' ? JSON.parse(`"${quoted[2]}"`) : quoted[2]!) : raw.replace(/\s+#.*$/, "");
  }
  return variables;
}
