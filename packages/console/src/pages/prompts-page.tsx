import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useResource } from "../use-resource.ts";
import { PromptLabelsForm, PromptVersionForm } from "./prompt-admin-forms.tsx";
import { PromptVersionPanel } from "./prompt-version-panel.tsx";

const targetText = (target: number | Record<string, number>) => (typeof target === "number" ? `v${target}` : Object.entries(target).map(([version, weight]) => `v${version} ${weight}%`).join(" / "));

/** `/v1/prompts`: the templates, one opened at a version with a render preview; for admins, labels and new versions (`/admin/prompts`). */
export function PromptsPage({ name, version }: { name?: string; version?: number }) {
  const list = useResource(() => chorus.prompts.list());
  const opened = list.data?.find((entry) => entry.name === name);
  return (
    <main class="page">
      <h1>Prompt templates</h1>
      <ErrorMessage error={list.error} />
      <div class="split">
        <ul class="list" aria-label="Templates">
          {list.data?.map((entry) => (
            <li key={entry.name} aria-current={entry.name === name ? "page" : undefined}>
              <a href={`/prompts/${encodeURIComponent(entry.name)}`}><strong>{entry.name}</strong></a>
              <span class="muted">{entry.description}</span>
              <span class="muted">{Object.entries(entry.labels).map(([label, target]) => `${label}: ${targetText(target)}`).join(" · ")}</span>
            </li>
          ))}
          {list.data?.length === 0 && <li class="muted">No templates yet.</li>}
        </ul>
        {opened && (
          <section class="card" aria-label={`Template ${opened.name}`}>
            <h2>{opened.name}</h2>
            <nav class="row" aria-label="Versions">
              {Array.from({ length: opened.latestVersion }, (_, index) => index + 1).map((n) => (
                <a key={n} class="button" href={`/prompts/${encodeURIComponent(opened.name)}?version=${n}`} aria-current={n === version ? "page" : undefined}>v{n}</a>
              ))}
            </nav>
            <PromptVersionPanel key={`${opened.name}@${version ?? "default"}@${opened.updatedAt}@${JSON.stringify(opened.labels)}`} name={opened.name} version={version} />
            <PromptLabelsForm name={opened.name} onSaved={list.reload} />
            <PromptVersionForm name={opened.name} onSaved={list.reload} />
          </section>
        )}
      </div>
    </main>
  );
}
