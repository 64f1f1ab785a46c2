import { personaInputSchema, type Persona, type PersonaDraft } from "@chorus/core";
import { useEffect, useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { navigate } from "../router.ts";
import { useResource } from "../use-resource.ts";
import { PersonaPreview } from "./persona-preview.tsx";

interface BuilderFields {
  key: string;
  name: string;
  role: string;
  context: string;
  voice: string;
  systemPrompt: string;
  knowledge: string;
  constraints: string;
  sampleQueries: string;
  tags: string;
  shared: boolean;
}

const EMPTY: BuilderFields = {
  key: "", name: "", role: "", context: "", voice: "", systemPrompt: "", knowledge: "", constraints: "", sampleQueries: "", tags: "", shared: false,
};

const lines = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

function fieldsOf(persona: Persona): BuilderFields {
  return {
    key: persona.key, name: persona.name, role: persona.role, context: persona.context, voice: persona.voice,
    systemPrompt: persona.systemPrompt, knowledge: persona.knowledge.join("\n"), constraints: persona.constraints.join("\n"),
    sampleQueries: persona.sampleQueries.join("\n"), tags: persona.tags.join(", "), shared: persona.visibility === "workspace",
  };
}

function draftOf(fields: BuilderFields): PersonaDraft {
  return {
    key: fields.key, name: fields.name, role: fields.role, context: fields.context, voice: fields.voice, systemPrompt: fields.systemPrompt,
    knowledge: lines(fields.knowledge), constraints: lines(fields.constraints), sampleQueries: lines(fields.sampleQueries),
    tags: fields.tags.split(",").map((tag) => tag.trim()).filter(Boolean), visibility: fields.shared ? "workspace" : "private",
  };
}

/** The API's own schema checks the draft first, so a mistake is named before anything is sent. */
function problemOf(draft: PersonaDraft): Error | undefined {
  const parsed = personaInputSchema.safeParse(draft);
  if (parsed.success) return undefined;
  return new Error(parsed.error.issues.map((issue) => `${issue.path.join(".") || "persona"}: ${issue.message}`).join("; "));
}

/** Create (`personaRef` absent) or edit a persona, step by step; preview it once saved. */
export function PersonaBuilderPage({ personaRef: ref }: { personaRef?: string }) {
  const existing = useResource(() => (ref ? chorus.personas.get(ref) : Promise.resolve(undefined)), [ref]);
  const [fields, setFields] = useState<BuilderFields>(EMPTY);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => existing.data && setFields(fieldsOf(existing.data)), [existing.data]);
  const readOnly = existing.data !== undefined && existing.data.source !== "user";
  const set = (name: keyof BuilderFields) => (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    setSaved(false);
    setFields((current) => ({ ...current, [name]: input.type === "checkbox" ? input.checked : input.value }));
  };

  async function save(event: Event) {
    event.preventDefault();
    setError(undefined);
    const draft = draftOf(fields);
    const problem = problemOf(draft);
    if (problem) return setError(problem);
    try {
      const persona = ref ? await chorus.personas.replace(ref, draft) : await chorus.personas.create(draft);
      setSaved(true);
      if (persona.ref !== ref) navigate(`/personas/${encodeURIComponent(persona.ref)}`);
    } catch (failure) {
      setError(failure);
    }
  }

  async function remove() {
    if (!ref || !confirm(`Delete ${fields.name}?`)) return;
    try {
      await chorus.personas.remove(ref);
      navigate("/personas");
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main class="page">
      <h1>{ref ? `Persona: ${fields.name || ref}` : "New persona"}</h1>
      <ErrorMessage error={existing.error} />
      {readOnly && <p class="muted">This persona is {existing.data?.source === "system" ? "built in" : "shared with you"}: read only; preview it below.</p>}
      <form class="builder" onSubmit={save} aria-label="Persona builder">
        <fieldset disabled={readOnly}>
          <legend>1. Role and setting</legend>
          <div class="row">
            <Field label="Name"><input value={fields.name} onInput={set("name")} required maxLength={100} /></Field>
            <Field label="Key" hint="A slug: lowercase letters, digits and '-'."><input value={fields.key} onInput={set("key")} required disabled={Boolean(ref)} pattern="[a-z0-9][a-z0-9\-]{0,63}" /></Field>
          </div>
          <Field label="Role" hint="Who is speaking, in one line."><input value={fields.role} onInput={set("role")} placeholder="A flamenco poet from Seville" /></Field>
          <Field label="Setting" hint="Where and with whom the conversation happens."><textarea rows={3} value={fields.context} onInput={set("context")} /></Field>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>2. Voice and tone</legend>
          <Field label="Voice" hint="How it speaks: register, rhythm, words it favours."><textarea rows={3} value={fields.voice} onInput={set("voice")} /></Field>
          <Field label="System prompt" hint="Optional: instructions placed first."><textarea rows={3} value={fields.systemPrompt} onInput={set("systemPrompt")} /></Field>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>3. Knowledge</legend>
          <Field label="Knowledge" hint="One fact per line."><textarea rows={3} value={fields.knowledge} onInput={set("knowledge")} /></Field>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>4. Hard constraints</legend>
          <Field label="Constraints" hint="One rule per line; the client's own system messages cannot lift them."><textarea rows={3} value={fields.constraints} onInput={set("constraints")} /></Field>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>5. Sample interactions</legend>
          <Field label="Sample questions" hint="One per line, offered as conversation starters."><textarea rows={3} value={fields.sampleQueries} onInput={set("sampleQueries")} /></Field>
          <Field label="Tags" hint="Comma-separated."><input value={fields.tags} onInput={set("tags")} /></Field>
          <label class="check"><input type="checkbox" checked={fields.shared} onChange={set("shared")} /> Share with my workspace</label>
        </fieldset>
        <ErrorMessage error={error} />
        {!readOnly && (
          <div class="row">
            <button type="submit">{ref ? "Save persona" : "Create persona"}</button>
            {ref && <button type="button" class="danger" onClick={remove}>Delete</button>}
            {saved && <span role="status">Saved.</span>}
          </div>
        )}
      </form>
      {ref && <PersonaPreview personaRef={ref} samples={lines(fields.sampleQueries)} />}
    </main>
  );
}
