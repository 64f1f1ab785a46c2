import { ChorusError } from "@chorus/sdk";

/** A failure as the API worded it, with its code and request id for support; nothing when there is none. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof ChorusError ? [error.code, error.param && `param: ${error.param}`, error.requestId && `request ${error.requestId}`].filter(Boolean).join(" · ") : "";
  return (
    <p class="error" role="alert">
      {message}
      {detail && <small> ({detail})</small>}
    </p>
  );
}
