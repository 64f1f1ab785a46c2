import type { FormField, FormValues } from "../schema-form-fields.ts";
import { Field } from "./field.tsx";

interface ControlProps {
  field: FormField;
  value: string | boolean;
  set: (value: string | boolean) => void;
  /** `Field` names the control by these (`cloneElement` sets them on this component, which passes them on). */
  id?: string;
  "aria-describedby"?: string;
}

function Control({ field, value, set, ...naming }: ControlProps) {
  const text = String(value);
  const onInput = (event: Event) => set((event.currentTarget as HTMLInputElement).value);
  switch (field.kind) {
    case "textarea":
      return <textarea {...naming} rows={6} value={text} onInput={onInput} required={field.required} maxLength={field.maxLength} />;
    case "lines":
      return <textarea {...naming} rows={4} value={text} onInput={onInput} required={field.required} />;
    case "json":
      return <textarea {...naming} rows={5} class="code" value={text} onInput={onInput} required={field.required} spellcheck={false} />;
    case "number":
    case "integer":
      return <input {...naming} type="number" inputMode={field.kind === "integer" ? "numeric" : "decimal"} step={field.kind === "integer" ? 1 : "any"} min={field.minimum} max={field.maximum} value={text} onInput={onInput} required={field.required} />;
    case "select":
      return (
        <select {...naming} value={text} onChange={onInput} required={field.required}>
          {!field.required && <option value="">—</option>}
          {field.options!.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
      );
    default:
      return <input {...naming} type="text" value={text} onInput={onInput} required={field.required} maxLength={field.maxLength} />;
  }
}

/** A pipeline's input as a form: one control per field of `schema-form-fields.ts`. */
export function SchemaForm({ fields, values, onChange }: { fields: FormField[]; values: FormValues; onChange: (values: FormValues) => void }) {
  return (
    <>
      {fields.map((field) => {
        const value = values[field.name] ?? field.initial;
        const set = (next: string | boolean) => onChange({ ...values, [field.name]: next });
        if (field.kind === "boolean") {
          return (
            <label key={field.name} class="check">
              <input type="checkbox" checked={value === true} onChange={(event) => set(event.currentTarget.checked)} /> {field.label}
              {field.description && <small class="hint"> — {field.description}</small>}
            </label>
          );
        }
        return (
          <Field key={field.name} label={field.required ? `${field.label} (required)` : field.label} hint={field.description}>
            <Control field={field} value={value} set={set} />
          </Field>
        );
      })}
    </>
  );
}
