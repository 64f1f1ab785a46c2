import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorMessage } from "./error-message.tsx";

/**
 * A page whose code is fetched the first time it is shown, so it stays out
 * of the console's initial script (`load` is a dynamic `import()`).
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<unknown>();
    useEffect(() => {
      if (Page) return;
      let current = true;
      load().then((page) => {
        loaded = page;
        if (current) setPage(() => page);
      }, (failure: unknown) => current && setError(failure));
      return () => void (current = false);
    }, []);
    if (Page) return <Page {...props} />;
    return <main class="page">{error ? <ErrorMessage error={error} /> : <p class="muted" role="status">Loading…</p>}</main>;
  };
}
