import type { ComponentChildren } from "preact";
import { useMe } from "../me.ts";

/** An admin page's body, only for `role: "admin"` (the gateway refuses the data to anyone else anyway). */
export function AdminOnly({ path, children }: { path: string; children: ComponentChildren }) {
  const me = useMe();
  if (!me.data) return <main class="page"><p class="muted">Loading…</p></main>;
  if (me.data.role !== "admin") {
    return <main class="page"><h1>Admin</h1><p>Only administrators can see this page.</p></main>;
  }
  return (
    <>
      <nav class="subnav" aria-label="Admin">
        <a href="/admin" aria-current={path === "/admin" ? "page" : undefined}>Operations</a>
        <a href="/api-keys" aria-current={path === "/api-keys" ? "page" : undefined}>API keys</a>
        <a href="/build-review" aria-current={path === "/build-review" ? "page" : undefined}>Build review</a>
      </nav>
      {children}
    </>
  );
}
