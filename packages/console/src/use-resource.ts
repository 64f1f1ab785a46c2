import { useCallback, useEffect, useState } from "preact/hooks";
import { signOutOnAuthFailure } from "./api.ts";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** The one way pages read server state: load on mount and when `deps` change, keep the last answer, report the error. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[] = []): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => current && (setData(value), setError(undefined)),
      (failure: unknown) => current && (signOutOnAuthFailure(failure), setError(failure)),
    ).finally(() => current && setLoading(false));
    return () => void (current = false);
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading, reload };
}
