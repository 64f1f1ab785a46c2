import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { navigate } from "../router.ts";
import { useResource } from "../use-resource.ts";

/** `GET /v1/sessions`, one opened with its thread, and `DELETE`. */
export function SessionsPage({ id }: { id?: string }) {
  const sessions = useResource(() => chorus.sessions.list());
  const opened = useResource(() => (id ? chorus.sessions.get(id) : Promise.resolve(undefined)), [id]);
  const [error, setError] = useState<unknown>();

  async function remove(sessionId: string) {
    setError(undefined);
    try {
      await chorus.sessions.remove(sessionId);
      if (sessionId === id) navigate("/sessions");
      sessions.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main class="page">
      <h1>Sessions</h1>
      <ErrorMessage error={sessions.error ?? error} />
      <div class="split">
        <ul class="list" aria-label="Sessions">
          {sessions.data?.map((session) => (
            <li key={session.id} aria-current={session.id === id ? "page" : undefined}>
              <a href={`/sessions/${session.id}`}><strong>{session.title || "Untitled"}</strong></a>
              <span class="muted">{session.participants?.join(", ") || session.persona} · {new Date(session.updatedAt).toLocaleString()}</span>
              <button type="button" class="danger" onClick={() => remove(session.id)}>Delete “{session.title || "Untitled"}”</button>
            </li>
          ))}
          {sessions.data?.length === 0 && <li class="muted">No sessions yet: start one in the playground's theatre mode.</li>}
        </ul>
        {id && (
          <section class="card" aria-label="Session thread">
            <ErrorMessage error={opened.error} />
            {opened.data && (
              <>
                <h2>{opened.data.title || "Untitled"}</h2>
                <ol class="transcript">
                  {opened.data.messages.map((message) => (
                    <li key={message.id} class={message.role}>
                      <span class="speaker">{message.role === "user" ? "You" : message.persona}</span>
                      {message.content}
                      {message.provider && <small class="muted"> — {message.provider}/{message.model}</small>}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
