import type { ChorusMeta, Persona } from "@chorus/sdk";
import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { RouteTaken } from "../components/route-taken.tsx";

interface Spoken {
  id: string;
  persona: string | null;
  content: string;
}

/**
 * Theatre mode: a `/v1/sessions` thread in which the chosen personas answer
 * each message in turn (`turns`), streamed speaker by speaker.
 */
export function TheatrePanel({ personas, model }: { personas: Persona[]; model: string }) {
  const [cast, setCast] = useState<string[]>([]);
  const [sessionId, setSessionId] = useState<string>();
  const [thread, setThread] = useState<Spoken[]>([]);
  const [prompt, setPrompt] = useState("");
  const [meta, setMeta] = useState<ChorusMeta>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const toggle = (ref: string, on: boolean) => setCast((current) => (on ? [...current, ref] : current.filter((r) => r !== ref)));

  async function send(event: Event) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const id = sessionId ?? (await chorus.sessions.create({ title: prompt.slice(0, 60), participants: cast, persona: cast[0], ...(model && { model }) })).id;
      setSessionId(id);
      let lines: Spoken[] = [...thread, { id: `user-${thread.length}`, persona: null, content: prompt }];
      setThread(lines);
      setPrompt("");
      const stream = chorus.sessions.stream(id, { content: prompt, turns: cast });
      void stream.meta.then(setMeta, () => undefined);
      for await (const chunk of stream) {
        const last = lines[lines.length - 1];
        const text = chunk.choices[0]?.delta?.content ?? "";
        lines = last?.id === chunk.message_id
          ? [...lines.slice(0, -1), { ...last, content: last.content + text }]
          : [...lines, { id: chunk.message_id, persona: chunk.persona, content: text }];
        setThread(lines);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const nameOf = (ref: string | null) => (ref === null ? "You" : personas.find((p) => p.ref === ref)?.name ?? ref);
  return (
    <section aria-label="Theatre">
      <fieldset disabled={sessionId !== undefined}>
        <legend>Cast, in speaking order</legend>
        <div class="checks">
          {personas.map((p) => (
            <label class="check" key={p.ref}>
              <input type="checkbox" checked={cast.includes(p.ref)} onChange={(e) => toggle(p.ref, e.currentTarget.checked)} /> {p.name}
            </label>
          ))}
        </div>
        {cast.length > 0 && <p class="muted">Order: {cast.map(nameOf).join(" → ")}</p>}
      </fieldset>
      <ol class="transcript" aria-label="Theatre thread" aria-live="polite">
        {thread.map((line) => (
          <li key={line.id} class={line.persona === null ? "user" : "assistant"} data-persona={line.persona ?? "user"}>
            <span class="speaker">{nameOf(line.persona)}</span>{line.content}
          </li>
        ))}
      </ol>
      <form class="composer" onSubmit={send} aria-label="Theatre message">
        <Field label="Message to the cast"><textarea rows={3} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} required /></Field>
        <div class="row">
          <button type="submit" disabled={busy || cast.length === 0}>{busy ? "The cast is answering…" : "Send to the cast"}</button>
          <button type="button" disabled={busy} onClick={() => { setSessionId(undefined); setThread([]); setMeta(undefined); }}>New scene</button>
          {sessionId && <a href={`/sessions/${sessionId}`}>Open the session</a>}
        </div>
      </form>
      <ErrorMessage error={error} />
      <RouteTaken meta={meta} />
    </section>
  );
}

