import type { RenderedPrompt } from "@chorus/sdk";
import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { useResource } from "../use-resource.ts";

/** One version (or the default one: `production`, else `latest`) with its messages and variables, and a render preview. */
export function PromptVersionPanel({ name, version }: { name: string; version?: number }) {
  const shown = useResource(() => chorus.prompts.get(name, version === undefined ? {} : { version }), [name, version]);
  const [variables, setVariables] = useState("{}");
  const [rendered, setRendered] = useState<RenderedPrompt>();
  const [error, setError] = useState<unknown>();

  async function preview(event: Event) {
    event.preventDefault();
    setError(undefined);
    setRendered(undefined);
    try {
      const parsed = JSON.parse(variables) as Record<string, unknown>;
      setRendered(await chorus.prompts.render(name, { variables: parsed, ...(version !== undefined && { version }) }));
    } catch (failure) {
      setError(failure);
    }
  }

  const data = shown.data;
  return (
    <>
      <ErrorMessage error={shown.error} />
      {data && (
        <>
          <p>
            <strong>Version {data.version}</strong> {data.labels.length > 0 && <span class="muted">({data.labels.join(", ")})</span>}
            <br /><span class="muted">{data.description}</span>
          </p>
          <ol class="transcript" aria-label="Template messages">
            {data.messages.map((message, index) => <li key={index} class={message.role}><span class="speaker">{message.role}</span>{message.content}</li>)}
          </ol>
          <details>
            <summary>Variables (JSON Schema)</summary>
            <pre>{JSON.stringify(data.variables, null, 2)}</pre>
          </details>
          <form class="card" onSubmit={preview} aria-label="Render preview">
            <Field label="Variables (JSON)" hint="Checked against the schema above; a wrong variable is named.">
              <textarea rows={4} value={variables} onInput={(event) => setVariables(event.currentTarget.value)} />
            </Field>
            <button type="submit">Render</button>
            <ErrorMessage error={error} />
            {rendered && (
              <ol class="transcript" aria-label="Rendered messages">
                {rendered.messages.map((message, index) => <li key={index} class={message.role}><span class="speaker">{message.role}</span>{message.content}</li>)}
              </ol>
            )}
          </form>
        </>
      )}
    </>
  );
}
