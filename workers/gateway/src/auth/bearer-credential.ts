/** Longer than any real JWT or API key; refused before parsing so huge headers cost nothing. */
const MAX_CREDENTIAL_LENGTH = 8192;

export type BearerCredential =
  | { kind: "missing" }
  | { kind: "other_scheme" }
  | { kind: "malformed" }
  | { kind: "bearer"; value: string };

/** What the Authorization header carries; only the Bearer scheme is a credential here. */
export function bearerCredential(header: string | undefined): BearerCredential {
  const trimmed = header?.trim() ?? "";
  if (trimmed === "") return { kind: "missing" };
  const space = trimmed.indexOf(" ");
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme.toLowerCase() !== "bearer") return { kind: "other_scheme" };
  const value = space === -1 ? "" : trimmed.slice(space + 1).trim();
  // SDKs configured without a key send "Bearer " with nothing after it: that is no credential, not a bad one.
  if (value === "") return { kind: "missing" };
  if (value.length > MAX_CREDENTIAL_LENGTH || /\s/.test(value)) return { kind: "malformed" };
  return { kind: "bearer", value };
}
