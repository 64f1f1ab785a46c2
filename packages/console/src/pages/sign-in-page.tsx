import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { setToken } from "../auth-token.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";

/**
 * Two ways in: the development login (`POST /dev/login`, only on a local
 * `npm start`), or a token from the identity provider (or an API key) pasted in.
 */
export function SignInPage() {
  const [userId, setUserId] = useState("console-user");
  const [plan, setPlan] = useState("pro");
  const [admin, setAdmin] = useState(false);
  const [pasted, setPasted] = useState("");
  const [error, setError] = useState<unknown>();

  async function devLogin(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const { token } = await api<{ token: string }>("POST", "/dev/login", { sub: userId, plan, ...(admin && { role: "admin" }) });
      setToken(token);
    } catch (failure) {
      setError(failure);
    }
  }

  function usePasted(event: Event) {
    event.preventDefault();
    setToken(pasted.trim());
  }

  return (
    <main class="page narrow">
      <h1>Sign in to Chorus</h1>
      <ErrorMessage error={error} />
      <form class="card" onSubmit={devLogin} aria-labelledby="dev-login-title">
        <h2 id="dev-login-title">Development login</h2>
        <p class="muted">Available on a local <code>npm start</code> only.</p>
        <Field label="User id"><input value={userId} onInput={(e) => setUserId(e.currentTarget.value)} required /></Field>
        <Field label="Plan">
          <select value={plan} onChange={(e) => setPlan(e.currentTarget.value)}>
            <option value="free">free</option>
            <option value="pro">pro</option>
            <option value="premium">premium</option>
          </select>
        </Field>
        <label class="check"><input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} /> Administrator</label>
        <button type="submit">Sign in</button>
      </form>
      <form class="card" onSubmit={usePasted} aria-labelledby="token-title">
        <h2 id="token-title">Use a token</h2>
        <Field label="Bearer token" hint="A JWT from your identity provider, or a ck_ API key.">
          <input type="password" autoComplete="off" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} required />
        </Field>
        <button type="submit">Use token</button>
      </form>
    </main>
  );
}
