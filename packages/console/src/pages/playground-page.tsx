import type { ChatMessage, ChorusMeta } from "@chorus/sdk";
import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { RouteTaken } from "../components/route-taken.tsx";
import { useResource } from "../use-resource.ts";
import { TheatrePanel } from "./theatre-panel.tsx";

interface Line {
  role: "user" | "assistant";
  content: string;
}

/** Streamed chat on `/v1/chat/completions` with model, mode and persona pickers; or theatre mode over `/v1/sessions`. */
export function PlaygroundPage() {
  const models = useResource(() => chorus.models());
  const personas = useResource(() => chorus.personas.list());
  const [model, setModel] = useState("");
  const [mode, setMode] = useState("");
  const [persona, setPersona] = useState("");
  const [theatre, setTheatre] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [prompt, setPrompt] = useState("");
  const [meta, setMeta] = useState<ChorusMeta>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function send(event: Event) {
    event.preventDefault();
    const messages: ChatMessage[] = [...lines, { role: "user", content: prompt }];
    setLines([...messages as Line[], { role: "assistant", content: "" }]);
    setPrompt("");
    setError(undefined);
    setMeta(undefined);
    setBusy(true);
    try {
      const stream = chorus.stream({ messages, ...(model && { model }) }, { ...(mode && { mode }), ...(persona && { persona }) });
      void stream.meta.then(setMeta, () => undefined);
      let text = "";
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? "";
        setLines([...messages as Line[], { role: "assistant", content: text }]);
      }
    } catch (failure) {
      setError(failure);
      setLines(messages as Line[]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="page">
      <h1>Playground</h1>
      <ErrorMessage error={models.error ?? personas.error} />
      <div class="row pickers">
        <Field label="Model or profile">
          <select value={model} onChange={(e) => setModel(e.currentTarget.value)}>
            <option value="">Default route</option>
            {models.data?.data.map((m) => <option key={m.id} value={m.id}>{m.id}</option>)}
          </select>
        </Field>
        <Field label="Mode (x-chorus-mode)"><input value={mode} onInput={(e) => setMode(e.currentTarget.value)} placeholder="e.g. coaching" /></Field>
        {!theatre && (
          <Field label="Persona (x-chorus-persona)">
            <select value={persona} onChange={(e) => setPersona(e.currentTarget.value)}>
              <option value="">None</option>
              {personas.data?.map((p) => <option key={p.ref} value={p.ref}>{p.name} ({p.ref})</option>)}
            </select>
          </Field>
        )}
        <label class="check"><input type="checkbox" checked={theatre} onChange={(e) => setTheatre(e.currentTarget.checked)} /> Theatre mode</label>
      </div>
      {theatre ? <TheatrePanel personas={personas.data ?? []} model={model} /> : (
        <>
          <ol class="transcript" aria-label="Conversation" aria-live="polite">
            {lines.map((line, index) => <li key={index} class={line.role}><span class="speaker">{line.role === "user" ? "You" : persona || "Assistant"}</span>{line.content}</li>)}
          </ol>
          <form class="composer" onSubmit={send} aria-label="Chat">
            <Field label="Message"><textarea rows={3} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} required /></Field>
            <div class="row">
              <button type="submit" disabled={busy}>{busy ? "Answering…" : "Send"}</button>
              <button type="button" onClick={() => { setLines([]); setMeta(undefined); }} disabled={busy}>New chat</button>
            </div>
          </form>
          <ErrorMessage error={error} />
          <RouteTaken meta={meta} />
        </>
      )}
    </main>
  );
}
