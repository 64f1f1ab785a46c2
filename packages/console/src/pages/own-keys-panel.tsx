import { OWN_KEY_PROVIDER_IDS } from "@chorus/core";
import { useState } from "preact/hooks";
import { api } from "../api.ts";
import type { KeyTestResult, OwnKey } from "../api-types.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { useResource } from "../use-resource.ts";

/** `/v1/settings/keys`: store a key (never shown again, only its last 4), test it, remove it. */
export function OwnKeysPanel() {
  const keys = useResource(() => api<OwnKey[]>("GET", "/v1/settings/keys"));
  const [provider, setProvider] = useState<string>(OWN_KEY_PROVIDER_IDS[0] ?? "openai");
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [tests, setTests] = useState<Record<string, KeyTestResult | "testing">>({});

  async function act(work: () => Promise<unknown>) {
    setError(undefined);
    try {
      await work();
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const store = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      await api("PUT", `/v1/settings/keys/${provider}`, { apiKey });
      setApiKey("");
    });
  };

  const test = (name: string) => act(async () => {
    setTests((all) => ({ ...all, [name]: "testing" }));
    try {
      const result = await api<KeyTestResult>("POST", `/v1/settings/keys/${name}/test`);
      setTests((all) => ({ ...all, [name]: result }));
    } catch (failure) {
      setTests(({ [name]: _, ...rest }) => rest);
      throw failure;
    }
  });

  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">Your own provider keys</h2>
      <p class="muted">Requests served with your key are billed to it and skip the platform limits.</p>
      <ErrorMessage error={keys.error ?? error} />
      <ul class="list">
        {keys.data?.map((key) => {
          const result = tests[key.provider];
          return (
            <li key={key.provider} data-key={key.provider}>
              <span><strong>{key.provider}</strong> ••••{key.last4}</span>
              <span class="row">
                <button type="button" onClick={() => test(key.provider)} disabled={result === "testing"}>Test connection ({key.provider})</button>
                <button type="button" class="danger" onClick={() => act(() => api("DELETE", `/v1/settings/keys/${key.provider}`))}>Remove ({key.provider})</button>
              </span>
              {result && result !== "testing" && (
                <span role="status" class={result.ok ? "ok" : "error"}>
                  {result.ok ? `Connected in ${result.latencyMs} ms` : `Failed: ${result.error ?? "unknown error"}`}
                </span>
              )}
            </li>
          );
        })}
        {keys.data?.length === 0 && <li class="muted">No keys stored.</li>}
      </ul>
      <form onSubmit={store} aria-label="Add a key" class="row">
        <Field label="Provider">
          <select value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
            {OWN_KEY_PROVIDER_IDS.map((id) => <option key={id} value={id}>{id}</option>)}
          </select>
        </Field>
        <Field label="API key">
          <input type="password" autoComplete="off" spellcheck={false} value={apiKey} onInput={(e) => setApiKey(e.currentTarget.value)} required />
        </Field>
        <button type="submit">Save key</button>
      </form>
    </section>
  );
}
