import { chorus } from "./api.ts";
import { setToken, useToken } from "./auth-token.ts";
import { AdminOnly } from "./components/admin-only.tsx";
import { AiUnavailableBanner } from "./components/ai-unavailable-banner.tsx";
import { lazyPage } from "./components/lazy-page.tsx";
import { MeContext } from "./me.ts";
import { followLink, usePath } from "./router.ts";
import { AdminPage } from "./pages/admin-page.tsx";
import { ApiKeysPage } from "./pages/api-keys-page.tsx";
import { PersonaBuilderPage } from "./pages/persona-builder-page.tsx";
import { PersonasPage } from "./pages/personas-page.tsx";
import { PlaygroundPage } from "./pages/playground-page.tsx";
import { PromptsPage } from "./pages/prompts-page.tsx";
import { SessionsPage } from "./pages/sessions-page.tsx";
import { SettingsPage } from "./pages/settings-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { UsagePage } from "./pages/usage-page.tsx";
import { useResource } from "./use-resource.ts";

// Fetched when first opened: its code stays out of the console's initial script.
const JobsPage = lazyPage(() => import("./pages/jobs-page.tsx").then((module) => module.JobsPage));
const BuildReviewPage = lazyPage(() => import("./pages/build-review-page.tsx").then((module) => module.BuildReviewPage));

const NAV: [path: string, label: string][] = [
  ["/", "Playground"],
  ["/personas", "Personas"],
  ["/sessions", "Sessions"],
  ["/prompts", "Prompts"],
  ["/jobs", "Jobs"],
  ["/usage", "Usage"],
  ["/settings", "Settings"],
];
/** Shown to admins only; these pages live outside `/admin/`, which is the API's. */
const ADMIN_PATHS = new Set(["/admin", "/api-keys", "/build-review"]);

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
    case "jobs": return <JobsPage id={id} />;
    case "usage": return <UsagePage />;
    case "settings": return <SettingsPage />;
    case "admin": return <AdminOnly path="/admin"><AdminPage /></AdminOnly>;
    case "api-keys": return <AdminOnly path="/api-keys"><ApiKeysPage /></AdminOnly>;
    case "build-review": return <AdminOnly path="/build-review"><BuildReviewPage /></AdminOnly>;
    default: return <main class="page"><h1>Not found</h1><p>The console has no page at {path}.</p></main>;
  }
}

/** The signed-in console: `GET /v1/me` (reloaded on every page change), the navigation, a banner when AI is unavailable, the page. */
function Shell({ path }: { path: string }) {
  const me = useResource(() => chorus.me(), [path]);
  const current = `/${path.split("/")[1] ?? ""}`;
  const nav = me.data?.role === "admin" ? [...NAV, ["/admin", "Admin"] as [string, string]] : NAV;
  return (
    <MeContext.Provider value={me}>
      <div class="shell" onClick={followLink}>
        <header>
          <a class="brand" href="/">Chorus</a>
          <nav aria-label="Console">
            {nav.map(([href, label]) => {
              const here = href === "/admin" ? ADMIN_PATHS.has(current) : current === href;
              return <a key={href} href={href} aria-current={here ? "page" : undefined}>{label}</a>;
            })}
          </nav>
          <button type="button" class="link" onClick={() => setToken(null)}>Sign out</button>
        </header>
        {me.data && <AiUnavailableBanner me={me.data} />}
        {page(path)}
      </div>
    </MeContext.Provider>
  );
}

/** Sign-in until a token is stored, then the console of that token's user (a new token starts afresh). */
export function App() {
  const token = useToken();
  const path = usePath();
  if (!token) return <SignInPage />;
  return <Shell key={token} path={path} />;
}
