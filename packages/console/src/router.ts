import { useEffect, useState } from "preact/hooks";

/** Client-side routes on the History API; the Worker serves index.html for every console path. */
export function navigate(path: string): void {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** The current path; a change of the query string alone (`?version=2`) renders again too. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setPath(location.pathname + location.search);
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return path.split("?")[0]!;
}

/** A same-origin link click becomes a route change instead of a page load. */
export function followLink(event: MouseEvent): void {
  const link = (event.target as Element | null)?.closest("a");
  if (!link || link.origin !== location.origin || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
  // `/admin` itself is the console's page; what lies under `/admin/` is the API's.
  if (/^\/(v1|admin|dev|auth|docs|openapi\.json|healthz)\/|^\/(v1|dev|auth|docs|openapi\.json|healthz)$/.test(link.pathname)) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
}
