import { useState } from "preact/hooks";
import { api } from "../api.ts";
import type { ApiKeySummary, CreatedApiKey } from "../api-types.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { useResource } from "../use-resource.ts";

const day = (iso: string | null) => (iso === null ? "—" : iso.slice(0, 10));

/** The secret of a key just created: shown this once, never again (CONTRACT.md `POST /admin/api-keys`). */
function NewKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <section class="secret" aria-labelledby="new-key-title">
      <h2 id="new-key-title">Key “{created.name}” for {created.userId}</h2>
      <p>Copy it now: it will not be shown again.</p>
      <code aria-label="New API key">{created.key}</code>
      <div><button type="button" onClick={onDone}>I have copied it</button></div>
    </section>
  );
}

/** For admins: `/admin/api-keys` listed, created (the secret shown once) and revoked. */
export function ApiKeysPage() {
  const keys = useResource(() => api<{ apiKeys: ApiKeySummary[] }>("GET", "/admin/api-keys"));
  const [userId, setUserId] = useState("");
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiKey>();
  const [error, setError] = useState<unknown>();

  async function create(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      setCreated(await api<CreatedApiKey>("POST", "/admin/api-keys", { userId: userId.trim(), name: name.trim() }));
      setName("");
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  async function revoke(key: ApiKeySummary) {
    setError(undefined);
    try {
      await api("DELETE", `/admin/api-keys/${encodeURIComponent(key.id)}`);
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main class="page">
      <h1>API keys</h1>
      <p class="muted">A key (<code>ck_…</code>) lets a server call Chorus as its user, with that user's plan.</p>
      {created && <NewKey created={created} onDone={() => setCreated(undefined)} />}
      <form class="card" onSubmit={create} aria-label="Create an API key">
        <div class="row">
          <Field label="User id" hint="The user the key acts as.">
            <input required maxLength={255} value={userId} onInput={(e) => setUserId(e.currentTarget.value)} />
          </Field>
          <Field label="Key name" hint="What it is for, e.g. “billing export”.">
            <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
        </div>
        <div><button type="submit">Create key</button></div>
      </form>
      <ErrorMessage error={error ?? keys.error} />
      {keys.data && (keys.data.apiKeys.length === 0 ? <p class="muted">No API keys yet.</p> : (
        <div class="table-scroll">
          <table aria-label="API keys">
            <thead><tr><th>name</th><th>user</th><th>created</th><th>last used</th><th>status</th><th><span class="visually-hidden">actions</span></th></tr></thead>
            <tbody>
              {keys.data.apiKeys.map((key) => (
                <tr key={key.id} data-key-id={key.id}>
                  <td>{key.name}</td><td>{key.userId}</td><td>{day(key.createdAt)}</td><td>{day(key.lastUsedAt)}</td>
                  <td>{key.revokedAt ? `revoked ${day(key.revokedAt)}` : "active"}</td>
                  <td>{!key.revokedAt && <button type="button" class="danger" onClick={() => revoke(key)} aria-label={`Revoke ${key.name} (${key.userId})`}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </main>
  );
}
