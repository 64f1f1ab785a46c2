import { env } from "cloudflare:test";

const urls = env as unknown as Record<string, string>;

export interface SeenRequest {
  path: string;
  body?: { model?: string };
  abortedByClient?: boolean;
  receivedAt: number;
  endedAt?: number;
}

/** What the fake behind `provider` received for `model` (the part after `provider/`), oldest first. */
export async function seenBy(provider: "openai" | "anthropic" | "google", model: string): Promise<SeenRequest[]> {
  const base = { openai: urls.FAKE_OPENAI_URL, anthropic: urls.FAKE_ANTHROPIC_URL, google: urls.FAKE_GOOGLE_URL }[provider];
  const requests = (await (await fetch(`${base}/__requests`)).json()) as SeenRequest[];
  return requests.filter((request) => request.body?.model === model);
}

/** Polls `check` every 25 ms until it holds or 3 s pass; for facts only a real HTTP server can report. */
export async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let tries = 0; tries < 120; tries++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}
