import { useState } from "preact/hooks";
import { api, chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";

/** A form that sends once and reports "Saved." or the API's error. */
function useSubmit(send: () => Promise<unknown>, onSaved: () => void) {
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await send();
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  }
  return { submit, error, saved };
}

/** Admins: `PATCH /admin/prompts/{name}`, a label to a version (`3`) or a split (`{"3": 90, "4": 10}`); empty removes it. */
export function PromptLabelsForm({ name, onSaved }: { name: string; onSaved: () => void }) {
  const [label, setLabel] = useState("production");
  const [target, setTarget] = useState("");
  const { submit, error, saved } = useSubmit(
    () => api("PATCH", `/admin/prompts/${encodeURIComponent(name)}`, { labels: { [label]: target.trim() === "" ? null : JSON.parse(target) } }),
    onSaved,
  );
  return (
    <form class="card" onSubmit={submit} aria-label="Move a label">
      <h3>Move a label (admins)</h3>
      <div class="row">
        <Field label="Label"><input value={label} onInput={(event) => setLabel(event.currentTarget.value)} /></Field>
        <Field label="Version or split" hint={'3, or {"3": 90, "4": 10}; empty removes the label'}>
          <input value={target} onInput={(event) => setTarget(event.currentTarget.value)} />
        </Field>
        <button type="submit">Move label</button>
      </div>
      <ErrorMessage error={error} />
      {saved && <p role="status">Saved.</p>}
    </form>
  );
}

/** Admins: `POST /admin/prompts`, the next version, starting from the newest one's messages and variables. */
export function PromptVersionForm({ name, onSaved }: { name: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState("");
  const [messages, setMessages] = useState("");
  const [variables, setVariables] = useState("");
  async function start() {
    const latest = await chorus.prompts.get(name, { label: "latest" });
    setDescription(latest.description);
    setMessages(JSON.stringify(latest.messages, null, 2));
    setVariables(JSON.stringify(latest.variables, null, 2));
    setOpen(true);
  }
  const { submit, error, saved } = useSubmit(
    () => api("POST", "/admin/prompts", { name, description, messages: JSON.parse(messages), variables: JSON.parse(variables) }),
    onSaved,
  );
  if (!open) return <button type="button" onClick={start}>New version (admins)</button>;
  return (
    <form class="card" onSubmit={submit} aria-label="New version">
      <h3>New version of {name}</h3>
      <Field label="Description"><input value={description} onInput={(event) => setDescription(event.currentTarget.value)} /></Field>
      <Field label="Messages (JSON)" hint="[{role, content}], content in Mustache">
        <textarea rows={8} value={messages} onInput={(event) => setMessages(event.currentTarget.value)} />
      </Field>
      <Field label="Variables schema (JSON)"><textarea rows={6} value={variables} onInput={(event) => setVariables(event.currentTarget.value)} /></Field>
      <button type="submit">Save version</button>
      <ErrorMessage error={error} />
      {saved && <p role="status">Saved.</p>}
    </form>
  );
}
