import { setToken, useToken } from "./auth-token.ts";
import { followLink, usePath } from "./router.ts";
import { AdminPage } from "./pages/admin-page.tsx";
import { PersonaBuilderPage } from "./pages/persona-builder-page.tsx";
import { PersonasPage } from "./pages/personas-page.tsx";
import { PlaygroundPage } from "./pages/playground-page.tsx";
import { PromptsPage } from "./pages/prompts-page.tsx";
import { SessionsPage } from "./pages/sessions-page.tsx";
import { SettingsPage } from "./pages/settings-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { UsagePage } from "./pages/usage-page.tsx";

const NAV: [path: string, label: string][] = [
  ["/", "Playground"],
  ["/personas", "Personas"],
  ["/sessions", "Sessions"],
  ["/prompts", "Prompts"],
  ["/usage", "Usage"],
  ["/settings", "Settings"],
  ["/admin", "Admin"],
];

function versionParam(): number | undefined {
  const version = Number(new URLSearchParams(location.search).get("version"));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

function page(path: string) {
  const [, section = "", id] = path.split("/").map(decodeURIComponent);
  switch (section) {
    case "": return <PlaygroundPage />;
    case "personas": return id === undefined ? <PersonasPage /> : id === "new" ? <PersonaBuilderPage /> : <PersonaBuilderPage key={id} personaRef={id} />;
    case "sessions": return <SessionsPage id={id} />;
    case "prompts": return <PromptsPage name={id} version={versionParam()} />;
    case "usage": return <UsagePage />;
    case "settings": return <SettingsPage />;
    case "admin": return <AdminPage />;
    default: return <main class="page"><h1>Not found</h1><p>The console has no page at {path}.</p></main>;
  }
}

/** The shell: sign-in until a token is stored, then the navigation and the page of the current path. */
export function App() {
  const token = useToken();
  const path = usePath();
  if (!token) return <SignInPage />;
  const current = `/${path.split("/")[1] ?? ""}`;
  return (
    <div class="shell" onClick={followLink}>
      <header>
        <a class="brand" href="/">Chorus</a>
        <nav aria-label="Console">
          {NAV.map(([href, label]) => <a key={href} href={href} aria-current={current === href ? "page" : undefined}>{label}</a>)}
        </nav>
        <button type="button" class="link" onClick={() => setToken(null)}>Sign out</button>
      </header>
      {page(path)}
    </div>
  );
}
