type Container = Record<string, unknown> | unknown[];

/** An object or array being written: its members in order, and how many are written. */
interface Frame {
  /** The members, in order: an object's defined ones by sorted key. */
  values: unknown[];
  /** Those members' keys for an object; undefined for an array. */
  keys: string[] | undefined;
  next: number;
}

const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

function frameOf(node: Container): Frame {
  if (Array.isArray(node)) return { values: node, keys: undefined, next: 0 };
  const keys = Object.keys(node).filter((key) => node[key] !== undefined).sort();
  return { values: keys.map((key) => node[key]), keys, next: 0 };
}

const opening = (node: Container) => (Array.isArray(node) ? "[" : "{");

/**
 * JSON with object keys sorted at every depth, so two values that mean the
 * same thing serialise to the same text whatever order their keys came in.
 * `undefined` members are left out, as `JSON.stringify` does (in arrays they
 * become `null`). Written with its own stack, not by recursion: it also
 * fingerprints request bodies before any schema has bounded their depth.
 */
export function canonicalJson(value: unknown): string {
  if (!isContainer(value)) return JSON.stringify(value) ?? "null";
  let out = opening(value);
  const stack: Frame[] = [frameOf(value)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { values, keys } = frame;
    if (frame.next === values.length) {
      out += keys ? "}" : "]";
      stack.pop();
      continue;
    }
    const index = frame.next++;
    if (index > 0) out += ",";
    if (keys) out += `${JSON.stringify(keys[index])}:`;
    const member = values[index] ?? null;
    if (isContainer(member)) {
      out += opening(member);
      stack.push(frameOf(member));
    } else {
      out += JSON.stringify(member) ?? "null";
    }
  }
  return out;
}
