import type { JsonSchema } from "@chorus/core";

export type GeminiSchemaType = "string" | "number" | "integer" | "boolean" | "array" | "object";

/** The OpenAPI 3.0 subset Gemini accepts; any other key is a 400 from the API. */
export interface GeminiSchema {
  type?: GeminiSchemaType;
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  items?: GeminiSchema;
  anyOf?: GeminiSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

const TYPES: ReadonlySet<string> = new Set(["string", "number", "integer", "boolean", "array", "object"]);
/** Formats Gemini honours, by type; others make it reject or ignore the schema. */
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ["enum", "date-time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};
const BOUNDS = ["minItems", "maxItems", "minimum", "maximum"] as const;

type Node = Record<string, unknown>;

interface Walk {
  root: Node;
  /** `$ref`s being expanded on the current path, so recursive schemas end. */
  expanding: ReadonlySet<string>;
}

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A client's JSON Schema (as OpenAI accepts it) rewritten for Gemini: local
 * `$ref`s inlined, nullability expressed as `nullable`, unsupported keywords
 * dropped. `undefined` when nothing usable is left (a recursive `$ref`).
 */
export function sanitizeGeminiSchema(schema: JsonSchema): GeminiSchema | undefined {
  return sanitize(schema, { root: schema, expanding: new Set() });
}

function sanitize(input: unknown, walk: Walk): GeminiSchema | undefined {
  if (!isNode(input)) return undefined;
  const expanded = expandRef(input, walk);
  if (!expanded) return undefined;
  const { node, walk: inner } = expanded;
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && isNode(node.allOf[0])) {
    const { allOf: _merged, ...rest } = node;
    return sanitize({ ...node.allOf[0], ...rest }, inner);
  }

  const out: GeminiSchema = {};
  applyType(node.type, out);
  applyVariants(node.anyOf ?? node.oneOf, out, inner);
  if (typeof node.description === "string") out.description = node.description;
  const values = "const" in node ? [node.const] : node.enum;
  if (Array.isArray(values) && values.length > 0 && values.every((value) => typeof value === "string")) {
    out.enum = values;
    out.type ??= "string";
  }
  if (typeof node.format === "string" && out.type && FORMATS[out.type]?.includes(node.format)) out.format = node.format;
  if (isNode(node.properties)) applyProperties(node.properties, node.required, out, inner);
  if (node.items !== undefined) {
    const items = sanitize(node.items, inner);
    if (items) out.items = items;
  }
  for (const bound of BOUNDS) if (typeof node[bound] === "number") out[bound] = node[bound];
  return out;
}

/** Follows a local `$ref` (`#/$defs/X`, `#/definitions/X`), keeping sibling keywords. */
function expandRef(node: Node, walk: Walk): { node: Node; walk: Walk } | undefined {
  const ref = node.$ref;
  if (typeof ref !== "string") return { node, walk };
  if (walk.expanding.has(ref) || !ref.startsWith("#")) return undefined;
  const target = ref.slice(1).split("/").filter(Boolean)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((at, token) => (isNode(at) ? at[token] : undefined), walk.root);
  if (!isNode(target)) return undefined;
  const { $ref: _followed, ...siblings } = node;
  const merged = { ...target, ...siblings };
  return expandRef(merged, { root: walk.root, expanding: new Set([...walk.expanding, ref]) });
}

/** `type: [X, "null"]` becomes `type: X, nullable: true`; several types become `anyOf`. */
function applyType(type: unknown, out: GeminiSchema): void {
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
  if (types.includes("null")) out.nullable = true;
  const kept = types.filter((t): t is GeminiSchemaType => TYPES.has(t));
  if (kept.length === 1) out.type = kept[0];
  else if (kept.length > 1) out.anyOf = kept.map((t) => ({ type: t }));
}

/** `anyOf`/`oneOf` with a null branch means nullable; a single other branch is inlined. */
function applyVariants(variants: unknown, out: GeminiSchema, walk: Walk): void {
  if (!Array.isArray(variants)) return;
  const isNull = (variant: unknown) => isNode(variant) && variant.type === "null";
  if (variants.some(isNull)) out.nullable = true;
  const kept = variants.filter((variant) => !isNull(variant))
    .map((variant) => sanitize(variant, walk))
    .filter((variant): variant is GeminiSchema => variant !== undefined);
  if (kept.length === 1) Object.assign(out, kept[0], out.nullable ? { nullable: true } : {});
  else if (kept.length > 1) out.anyOf = kept;
}

function applyProperties(properties: Node, required: unknown, out: GeminiSchema, walk: Walk): void {
  const kept = Object.fromEntries(Object.entries(properties)
    .map(([name, schema]) => [name, sanitize(schema, walk)] as const)
    .filter((entry): entry is readonly [string, GeminiSchema] => entry[1] !== undefined));
  out.properties = kept;
  out.type ??= "object";
  const names = Array.isArray(required) ? required.filter((name): name is string => typeof name === "string" && Object.hasOwn(kept, name)) : [];
  if (names.length > 0) out.required = names;
}
