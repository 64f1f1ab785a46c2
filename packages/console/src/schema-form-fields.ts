/**
 * A pipeline's input JSON Schema as form fields, and the form's values back
 * as the job's input. Only what a form shows well gets its own control:
 * strings (a line, or a text area when long), numbers, booleans, enums, and
 * arrays of strings (one per line); anything else is edited as JSON.
 */

type Schema = Record<string, unknown>;

export type FieldKind = "text" | "textarea" | "number" | "integer" | "boolean" | "select" | "lines" | "json";

export interface FormField {
  /** The input's property; `""` when the whole input is one JSON field. */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** A `select`'s choices (JSON values shown as text). */
  options?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** What the field starts with, as the form holds it. */
  initial: string | boolean;
}

/** Strings longer than this get a text area. */
const SHORT_TEXT = 200;

const isObject = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);
const typeOf = (schema: Schema): unknown => (Array.isArray(schema.type) ? schema.type.find((type) => type !== "null") : schema.type);
const numberOr = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
/** `audienceLevel` -> "Audience level", `key-points` -> "Key points". */
function labelOf(name: string, schema: Schema): string {
  if (typeof schema.title === "string") return schema.title;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[-_\s]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(schema: Schema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((value) => ["string", "number", "boolean"].includes(typeof value))) return "select";
  const type = typeOf(schema);
  if (type === "string") return (numberOr(schema.maxLength) ?? Infinity) <= SHORT_TEXT ? "text" : "textarea";
  if (type === "number") return "number";
  if (type === "integer") return "integer";
  if (type === "boolean") return "boolean";
  if (type === "array" && isObject(schema.items) && typeOf(schema.items) === "string" && schema.items.enum === undefined) return "lines";
  return "json";
}

function initialOf(kind: FieldKind, schema: Schema, options: string[] | undefined, required: boolean): string | boolean {
  const given = schema.default;
  if (kind === "boolean") return given === true;
  if (given === undefined) return kind === "select" && required ? options![0]! : "";
  if (kind === "lines" && Array.isArray(given)) return given.join("\n");
  if (kind === "json") return JSON.stringify(given, null, 2);
  return String(given);
}

/** The fields of an object schema with properties; otherwise one JSON field for the whole input. */
export function formFields(input: unknown): FormField[] {
  const schema = isObject(input) ? input : {};
  if (!isObject(schema.properties)) {
    return [{ name: "", label: "Input (JSON)", kind: "json", required: true, initial: "{}" }];
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, raw]) => {
    const property = isObject(raw) ? raw : {};
    const kind = kindOf(property);
    const options = kind === "select" ? (property.enum as unknown[]).map(String) : undefined;
    const field: FormField = {
      name, kind, options,
      label: kind === "json" ? `${labelOf(name, property)} (JSON)` : kind === "lines" ? `${labelOf(name, property)} (one per line)` : labelOf(name, property),
      required: required.has(name),
      initial: initialOf(kind, property, options, required.has(name)),
      ...(typeof property.description === "string" && { description: property.description }),
      ...(numberOr(property.minimum) !== undefined && { minimum: numberOr(property.minimum) }),
      ...(numberOr(property.maximum) !== undefined && { maximum: numberOr(property.maximum) }),
      ...(numberOr(property.maxLength) !== undefined && { maxLength: numberOr(property.maxLength) }),
    };
    return field;
  });
}

export type FormValues = Record<string, string | boolean>;

/** The field that could not be read, and why. */
export interface FormProblem {
  field: string;
  message: string;
}

/** One field's value as the input holds it; `undefined` leaves an optional field out. */
function readField(field: FormField, value: string | boolean, schema: Schema): unknown {
  if (field.kind === "boolean") return value === true;
  const text = String(value);
  if (text.trim() === "" && field.kind !== "text" && field.kind !== "textarea") return undefined;
  if (text === "" && !field.required) return undefined;
  switch (field.kind) {
    case "number":
    case "integer": {
      const number = Number(text);
      if (!Number.isFinite(number) || (field.kind === "integer" && !Number.isInteger(number))) throw new Error(`must be ${field.kind === "integer" ? "a whole number" : "a number"}`);
      return number;
    }
    case "select":
      // The enum's own value (a number or boolean stays one), found by its text.
      return (schema.enum as unknown[]).find((option) => String(option) === text);
    case "lines":
      return text.split("\n").map((line) => line.trim()).filter(Boolean);
    case "json":
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error("is not valid JSON");
      }
    default:
      return text;
  }
}

/** The job's input from the form's values, or the first field that cannot be read. */
export function formInput(input: unknown, fields: FormField[], values: FormValues): { input: unknown } | { problem: FormProblem } {
  const properties = isObject(input) && isObject(input.properties) ? input.properties : {};
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name] ?? field.initial;
    try {
      const read = readField(field, value, isObject(properties[field.name]) ? properties[field.name] as Schema : {});
      if (field.name === "") return { input: read };
      if (read !== undefined) result[field.name] = read;
    } catch (error) {
      return { problem: { field: field.label, message: `${field.label} ${(error as Error).message}.` } };
    }
  }
  return { input: result };
}
