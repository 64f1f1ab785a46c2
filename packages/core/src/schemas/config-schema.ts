import * as z from "zod";
import { PROVIDER_IDS } from "../provider-catalog.ts";

/**
 * What every JSON config schema here shares: messages that name the
 * offending field as a path (`profiles.fast.candidates[1].provider`) and say
 * what was found, so an operator's mistake is fixed in one look; `$`-keys
 * free for comments and `$schema`; unknown keys refused (they are typos more
 * often than extensions).
 */

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : `a ${typeof value}`;
}

/** An error function for zod: "must be <what>, got <what was found>". */
export const mustBe = (what: string, describe: (value: unknown) => string = describeValue) =>
  (issue: { input?: unknown }): string => `must be ${what}, got ${describe(issue.input)}`;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `a.b` for plain keys, `a["odd key"]` otherwise, so every message points at one field. */
export function fieldPath(parent: string, key: PropertyKey): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const name = String(key);
  if (/^[A-Za-z_$][\w$-]*$/.test(name)) return parent ? `${parent}.${name}` : name;
  return `${parent}[${JSON.stringify(name)}]`;
}

export const configText = () => {
  const error = mustBe("a non-empty string");
  return z.string({ error }).refine((text) => text.trim() !== "", { error });
};

/** A whole number >= `min`; when it is required and absent, says so. */
export const wholeNumber = (min: number) => {
  const problem = mustBe(`a whole number >= ${min}`);
  const error = (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : problem(issue));
  return z.number({ error }).int({ error }).min(min, { error });
};

/** One of the provider ids; a string that is not one is named as an unknown provider. */
export const providerId = (unknown: (name: string) => string) => z.enum(PROVIDER_IDS, {
  error: (issue) => (typeof issue.input === "string" && issue.input.trim() !== "" ? unknown(issue.input) : mustBe("a non-empty string")(issue)),
});

export type KeyCheck = (key: string) => string | undefined;

/**
 * The object's keys without `$`-comments, each checked by `check`: the first
 * problem is an issue at that key, and nothing inside the object is checked
 * after it (a misspelt key says more than the missing field it causes).
 */
function withoutComments(check: KeyCheck, empty?: string) {
  return (value: unknown, ctx: z.RefinementCtx): unknown => {
    if (!isPlainObject(value)) return value;
    const kept: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key.startsWith("$")) continue;
      const problem = check(key);
      if (problem) {
        ctx.issues.push({ code: "custom", message: problem, path: [key], input: value });
        return value;
      }
      kept[key] = member;
    }
    if (empty && Object.keys(kept).length === 0) ctx.issues.push({ code: "custom", message: empty, input: value });
    return kept;
  };
}

/** `inner` given an object without its `$`-comments, once `check` has passed every key. */
export function checkedKeys<Inner extends z.ZodType>(inner: Inner, check: KeyCheck, empty?: string) {
  return z.preprocess(withoutComments(check, empty), inner);
}

/** An object with exactly these fields (plus `$`-comments); `notObject` words the message when it is not an object. */
export function configObject<Shape extends z.ZodRawShape>(shape: Shape, notObject = mustBe("an object")) {
  const allowed = Object.keys(shape);
  const unknownField = `unknown field (allowed: ${allowed.join(", ")})`;
  return checkedKeys(z.object(shape, { error: notObject }), (key) => (allowed.includes(key) ? undefined : unknownField));
}

export interface RecordOptions {
  /** The problem with a key, if any. */
  key?: KeyCheck;
  /** The message when no key is left (once `$`-comments are dropped); empty is fine without it. */
  empty?: string;
}

/** An object used as a map: any key (plus `$`-comments), each value checked by `value`. */
export function configRecord<Value extends z.ZodType>(value: Value, options: RecordOptions = {}) {
  return checkedKeys(z.record(z.string(), value, { error: mustBe("an object") }), options.key ?? (() => undefined), options.empty);
}

/** A map keyed by provider id; another key is refused with `unknown`'s message. */
export function providerRecord<Value extends z.ZodType>(value: Value, unknown: (name: string) => string) {
  const key = (name: string) => ((PROVIDER_IDS as readonly string[]).includes(name) ? undefined : unknown(name));
  return checkedKeys(z.partialRecord(z.enum(PROVIDER_IDS), value, { error: mustBe("an object") }), key);
}

/**
 * `schema`'s output for `value`, or `fail(path, message)` for its first
 * issue, the message starting with the path (`label` for the root).
 */
export function parseConfig<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  fail: (path: string, message: string) => never,
  label: string,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.reduce<string>(fieldPath, "");
  return fail(path, `${path || label}: ${issue.message}`);
}
