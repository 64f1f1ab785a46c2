/**
 * What every JSON config parser here shares: error messages that name the
 * offending field as a path (`profiles.fast.candidates[1].provider`), so an
 * operator's mistake is fixed in one look.
 */
export type JsonObject = Record<string, unknown>;

/** Throws the parser's own error class for `path`, with the path first in the message. */
export type Fail = (path: string, problem: string) => never;

export function failWith(ErrorClass: new (path: string, message: string) => Error, label: string): Fail {
  return (path, problem) => {
    throw new ErrorClass(path, `${path || label}: ${problem}`);
  };
}

/** `a.b` for plain keys, `a["odd key"]` otherwise, so every message points at one field. */
export function fieldPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : `a ${typeof value}`;
}

export function expectObject(value: unknown, path: string, fail: Fail): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, `must be an object, got ${describeValue(value)}`);
  return value as JsonObject;
}
