import { useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { navigate } from "../router.ts";
import { useResource } from "../use-resource.ts";

/** `GET /v1/personas?tag=`: the catalogue, the caller's own and the workspace's; import a Character Card. */
export function PersonasPage() {
  const [tag, setTag] = useState("");
  const [filter, setFilter] = useState("");
  const personas = useResource(() => chorus.personas.list({ tag: filter }), [filter]);
  const [card, setCard] = useState("");
  const [importError, setImportError] = useState<unknown>();

  async function importCard(event: Event) {
    event.preventDefault();
    setImportError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(card);
    } catch {
      setImportError(new Error("The card is not JSON: paste a Character Card V2 or V3 file's text."));
      return;
    }
    try {
      const persona = await chorus.personas.importCard(parsed);
      navigate(`/personas/${encodeURIComponent(persona.ref)}`);
    } catch (failure) {
      setImportError(failure);
    }
  }

  async function readFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) setCard(await file.text());
  }

  return (
    <main class="page">
      <div class="row spread">
        <h1>Personas</h1>
        <a class="button" href="/personas/new">New persona</a>
      </div>
      <form class="row" role="search" onSubmit={(e) => { e.preventDefault(); setFilter(tag.trim()); }}>
        <Field label="Filter by tag"><input value={tag} onInput={(e) => setTag(e.currentTarget.value)} placeholder="e.g. verse" /></Field>
        <button type="submit">Filter</button>
        {filter && <button type="button" onClick={() => { setTag(""); setFilter(""); }}>Clear</button>}
      </form>
      <ErrorMessage error={personas.error} />
      <ul class="list personas" aria-label="Personas">
        {personas.data?.map((persona) => (
          <li key={persona.ref}>
            <a href={`/personas/${encodeURIComponent(persona.ref)}`}><strong>{persona.name}</strong></a>
            <span class="muted">{persona.ref} · {persona.source}{persona.visibility === "workspace" ? " · shared" : ""}</span>
            {persona.role && <span>{persona.role}</span>}
            {persona.tags.length > 0 && <span class="tags">{persona.tags.map((t) => <span class="tag" key={t}>{t}</span>)}</span>}
          </li>
        ))}
        {personas.data?.length === 0 && <li class="muted">No persona matches.</li>}
      </ul>
      <form class="card" onSubmit={importCard} aria-labelledby="import-title">
        <h2 id="import-title">Import a Character Card</h2>
        <Field label="Card file (V2 or V3 JSON)"><input type="file" accept="application/json,.json" onChange={readFile} /></Field>
        <Field label="Card JSON"><textarea rows={5} value={card} onInput={(e) => setCard(e.currentTarget.value)} required /></Field>
        <ErrorMessage error={importError} />
        <button type="submit">Import card</button>
      </form>
    </main>
  );
}
