import { useEffect, useState } from "preact/hooks";

const STORAGE_KEY = "chorus.token";
const listeners = new Set<(token: string | null) => void>();

/** The credential the console sends: a JWT from the login or a pasted token, kept in this browser only. */
export function currentToken(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(STORAGE_KEY, token);
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(token);
}

export function useToken(): string | null {
  const [token, setState] = useState(currentToken);
  useEffect(() => {
    listeners.add(setState);
    return () => void listeners.delete(setState);
  }, []);
  return token;
}
