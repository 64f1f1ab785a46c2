/** What a pipeline's messages may refer to: the job's input, the parts made so far, the latest draft. */
export interface PlaceholderValues {
  input: unknown;
  parts: Readonly<Record<string, unknown>>;
  draft?: unknown;
}

function at(values: PlaceholderValues, path: string): unknown {
  let value: unknown = values;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * `text` with each `{{dotted.path}}` replaced by that value: a string as it
 * is, anything else as JSON, a missing one as nothing. Logic-less on
 * purpose: a pipeline's prompts hold no code.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_match, path: string) => {
    const value = at(values, path);
    if (value === undefined || value === null) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}
