/**
 * A value that satisfies a JSON schema, the same for the same schema. The demo
 * model answers structured-output and tool requests with it, and the fake
 * upstreams in the tests do the same, so both stay valid for any client schema.
 */
export function exampleForSchema(schema: Record<string, unknown> | undefined, key = "value"): unknown {
  if (!schema) return key;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleForSchema(sub, name)]));
  }
  if (type === "array") return [exampleForSchema(schema.items as Record<string, unknown> | undefined, key)];
  if (type === "integer" || type === "number") return 42;
  if (type === "boolean") return true;
  if (type === "null") return null;
  return `${key}-example`;
}
