/** What a pipeline's messages may refer to: the job's input, the parts made so far, the latest draft. */
export interface PlaceholderValues {
  input: unknown;
  parts: Readonly<Record<string, unknown>>;
  draft?: unknown;
}

/** The value at a dotted path (`input.city`, `parts.locations`), or undefined. */
export function valueAt(values: PlaceholderValues, path: string): unknown {
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
    const value = valueAt(values, path);
    if (value === undefined || value === null) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

const WHOLE = /^\{\{\s*([\w.-]+)\s*\}\}$/;

/**
 * A prompt template's variables with their placeholders filled: a string
 * that is one `{{path}}` alone takes the value whole (a number, a list; a
 * missing one leaves the variable out), any other string is filled as text,
 * other values are kept as declared.
 */
export function fillVariables(variables: Readonly<Record<string, unknown>>, values: PlaceholderValues): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value !== "string") filled[name] = value;
    else {
      const whole = WHOLE.exec(value);
      const result = whole ? valueAt(values, whole[1]!) : fillPlaceholders(value, values);
      if (result !== undefined && result !== null) filled[name] = result;
    }
  }
  return filled;
}
