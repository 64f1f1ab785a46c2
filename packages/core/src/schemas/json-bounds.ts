/** How deep and how large a free-form JSON value from a caller may be. */
export interface JsonBounds {
  /** Nested objects and arrays, a `$ref` followed counting as one more level. */
  maxDepth: number;
  /** Values (objects, arrays, scalars) a walk would visit, `$ref`s inlined. */
  maxNodes: number;
}

/**
 * Generous for any real schema (OpenAI's own structured outputs stop at 10
 * levels of objects), small enough for every recursive walk of it (schema
 * sanitisers, example builders, canonical JSON) to stay far from the stack
 * limit and the CPU budget.
 */
export const JSON_BOUNDS: JsonBounds = { maxDepth: 64, maxNodes: 10_000 };

/** The local `$ref`s being followed on the way to a node, so a recursive schema ends as the adapters end it. */
interface RefChain {
  ref: string;
  parent: RefChain | undefined;
}

interface Pending {
  value: unknown;
  depth: number;
  refs: RefChain | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function following(chain: RefChain | undefined, ref: string): boolean {
  for (let link = chain; link; link = link.parent) if (link.ref === ref) return true;
  return false;
}

/** The target of a local JSON pointer (`#/$defs/X`), or undefined. */
function resolvePointer(root: unknown, ref: string): unknown {
  let at = root;
  for (const token of ref.slice(1).split("/").filter(Boolean)) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    at = isObject(at) || Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

/**
 * Why `value` is too deep or too large, or undefined when it is within
 * `bounds`. It is measured as a walk that inlines local `$ref`s sees it (the
 * Gemini adapter inlines them: a few lines of `$defs` can expand
 * exponentially), cutting a `$ref` already followed on the same path as
 * such walks do. Iterative, and it stops at the first bound crossed, so its
 * own cost is bounded whatever it is given.
 */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds = JSON_BOUNDS): string | undefined {
  const stack: Pending[] = [];
  let nodes = 0;
  // Counted as they are queued, so even one object with a huge fan-out queues no more than the budget.
  const queue = (pending: Pending): boolean => {
    nodes += 1;
    if (nodes > bounds.maxNodes) return false;
    stack.push(pending);
    return true;
  };
  const tooLarge = `is too large: more than ${bounds.maxNodes} values (with $refs inlined)`;
  queue({ value, depth: 0, refs: undefined });
  while (stack.length > 0) {
    const { value: node, depth, refs } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > bounds.maxDepth) return `nests deeper than ${bounds.maxDepth} levels`;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (!queue({ value: child, depth: depth + 1, refs })) return tooLarge;
    }
    const ref = isObject(node) ? node.$ref : undefined;
    if (typeof ref === "string" && ref.startsWith("#") && !following(refs, ref)) {
      if (!queue({ value: resolvePointer(value, ref), depth: depth + 1, refs: { ref, parent: refs } })) return tooLarge;
    }
  }
  return undefined;
}

/** The deepest `[`/`{` nesting of `text` read as JSON (brackets inside strings skipped): one pass, no allocation. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return deepest;
}

/**
 * Why `text`, a string some adapters parse as JSON (a tool call's
 * `arguments`, a tool's result), nests too deep to be walked again after
 * parsing (the SDKs serialise it recursively), or undefined. Text that is
 * not JSON is never refused: adapters pass it on as text. Only depth counts
 * here: the parsed value is no larger than the body that carried it.
 */
export function jsonTextProblem(text: string, bounds: Pick<JsonBounds, "maxDepth"> = JSON_BOUNDS): string | undefined {
  if (bracketDepth(text) <= bounds.maxDepth) return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return `is JSON nested deeper than ${bounds.maxDepth} levels`;
}
