import { ChorusError, createChorusClient } from "@chorus/sdk";
import { currentToken, setToken } from "./auth-token.ts";

/** The one client of the console: the project's SDK, same origin, with the signed-in token. */
export const chorus = createChorusClient({ baseURL: "", getToken: currentToken });

/**
 * The endpoints the SDK does not cover yet (settings, own keys, usage, admin),
 * with the SDK's error type so every page shows failures the same way.
 */
export async function api<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new ChorusError({ message: `Could not reach the gateway: ${String(cause)}`, type: "api_error", code: "network_error", cause });
  }
  const text = await response.text();
  const json: unknown = text === "" ? undefined : safeParse(text);
  if (!response.ok) throw errorFrom(response, json);
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFrom(response: Response, json: unknown): ChorusError {
  const error = (json as { error?: { message?: string; type?: string; code?: string; param?: string | null } } | undefined)?.error;
  return new ChorusError({
    message: error?.message ?? `The gateway answered ${response.status}`,
    status: response.status,
    type: error?.type ?? "api_error",
    code: error?.code ?? `http_${response.status}`,
    param: error?.param ?? null,
    requestId: response.headers.get("x-chorus-request-id") ?? undefined,
  });
}

/** A 401 means the stored token no longer works: sign out, so the sign-in page shows. */
export function signOutOnAuthFailure(error: unknown): void {
  if (error instanceof ChorusError && error.status === 401) setToken(null);
}
