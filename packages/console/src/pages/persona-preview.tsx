import { useEffect, useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";

/** `POST /v1/personas/{ref}/preview`: one answer in the persona's voice. */
export function PersonaPreview({ personaRef, samples }: { personaRef: string; samples: string[] }) {
  const [message, setMessage] = useState(samples[0] ?? "");
  const [answer, setAnswer] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The samples arrive with the persona, after the first render.
  useEffect(() => setMessage((current) => current || samples[0] || ""), [samples[0]]);

  async function preview(event: Event) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const completion = await chorus.personas.preview(personaRef, { message });
      setAnswer(completion.choices[0]?.message.content ?? "");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={preview} aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <Field label="Preview message"><input value={message} onInput={(e) => setMessage(e.currentTarget.value)} required list="preview-samples" /></Field>
      <datalist id="preview-samples">{samples.map((sample) => <option key={sample} value={sample} />)}</datalist>
      <button type="submit" disabled={busy}>Preview</button>
      <ErrorMessage error={error} />
      {answer !== undefined && <blockquote class="answer" aria-label="Preview answer">{answer}</blockquote>}
    </form>
  );
}
