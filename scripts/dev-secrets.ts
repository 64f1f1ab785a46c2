// Secrets for local development only, made once per checkout and kept in
// .wrangler/ (git-ignored), so `npm start` works with nothing configured and
// tokens survive restarts. Anything set in the environment or .dev.vars wins.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function devSecrets(file: string): Record<string, string> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const secrets = {
    AUTH_JWT_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_TOKEN: randomBytes(32).toString("base64url"),
    KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
