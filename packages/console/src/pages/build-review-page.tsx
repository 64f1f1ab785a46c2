import { BUILD_DRAFT_STATUSES, type BuildDraft, type BuildDraftStatus } from "@chorus/core";
import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { useResource } from "../use-resource.ts";

/** JSON content pretty-printed, so a reviewer reads a `json` task's answer as a structure; text as it is. */
function readable(content: string): string {
  try {
    const value: unknown = JSON.parse(content);
    return typeof value === "object" && value !== null ? JSON.stringify(value, null, 2) : content;
  } catch {
    return content;
  }
}

const when = (iso: string) => new Date(iso).toLocaleString();

function DraftCard({ draft, onDecide }: { draft: BuildDraft; onDecide: (draft: BuildDraft, decision: "approve" | "reject") => void }) {
  return (
    <article class="card output" aria-label={`Draft ${draft.taskId}`} data-draft-id={draft.id}>
      <h2>{draft.taskId} <span class={`status ${draft.status}`}>{draft.status}</span></h2>
      <dl class="facts">
        <div><dt>route</dt><dd>{draft.route}</dd></div>
        <div><dt>served by</dt><dd>{draft.provider}/{draft.model}</dd></div>
        <div><dt>profile</dt><dd>{draft.profile}</dd></div>
        <div><dt>submitted</dt><dd>{draft.submittedBy}, {when(draft.submittedAt)}</dd></div>
        {draft.decidedBy && draft.decidedAt && <div><dt>decided</dt><dd>{draft.decidedBy}, {when(draft.decidedAt)}</dd></div>}
        <div><dt>id</dt><dd class="code">{draft.id.slice(0, 12)}</dd></div>
      </dl>
      <pre aria-label={`Content of ${draft.taskId}`}>{readable(draft.content)}</pre>
      <div class="row">
        <button type="button" disabled={draft.status === "approved"} onClick={() => onDecide(draft, "approve")}>Approve</button>
        <button type="button" class="danger" disabled={draft.status === "rejected"} onClick={() => onDecide(draft, "reject")}>Reject</button>
      </div>
    </article>
  );
}

/**
 * For admins: chorus-build's answers to `requiresApproval` tasks
 * (`/admin/build/drafts`), approved or rejected; the next
 * `chorus-build generate` serves what was approved.
 */
export function BuildReviewPage() {
  const [status, setStatus] = useState<BuildDraftStatus | "all">("pending");
  const drafts = useResource(() => api<{ drafts: BuildDraft[] }>("GET", `/admin/build/drafts${status === "all" ? "" : `?status=${status}`}`), [status]);
  const [error, setError] = useState<unknown>();

  async function decide(draft: BuildDraft, decision: "approve" | "reject") {
    setError(undefined);
    try {
      await api("POST", `/admin/build/drafts/${draft.id}/${decision}`);
      drafts.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main class="page">
      <div class="row spread">
        <h1>Build review</h1>
        <button type="button" onClick={drafts.reload}>Refresh</button>
      </div>
      <p class="muted">Answers chorus-build made for tasks with <code>requiresApproval</code>. Until one is approved, the build serves the task's fallback.</p>
      <div class="row">
        <Field label="Status">
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value as BuildDraftStatus | "all")}>
            {BUILD_DRAFT_STATUSES.map((value) => <option key={value} value={value}>{value}</option>)}
            <option value="all">all</option>
          </select>
        </Field>
      </div>
      <ErrorMessage error={error ?? drafts.error} />
      <section class="drafts" aria-label="Drafts" aria-busy={drafts.loading}>
        {drafts.data?.drafts.map((draft) => <DraftCard key={draft.id} draft={draft} onDecide={decide} />)}
        {drafts.data?.drafts.length === 0 && <p class="muted">No {status === "all" ? "" : `${status} `}drafts.</p>}
      </section>
    </main>
  );
}
