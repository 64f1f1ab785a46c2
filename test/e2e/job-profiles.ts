/**
 * `LLM_PROFILES` for jobs against the fake OpenAI: every built-in profile the
 * shipped pipelines name, answered at once, except `balanced` (the summary
 * pipeline's aggregator and supervisor), which waits `slowMs` before
 * answering, so a running job can be watched and cancelled.
 */
export function jobProfiles(slowMs: number): string {
  const now = { candidates: [{ provider: "openai", model: "gpt-fake" }] };
  return JSON.stringify({
    defaultProfile: "compat",
    profiles: { compat: now, frontier: now, fast: now, cheap: now, balanced: { candidates: [{ provider: "openai", model: `gpt-fake~firstTokenMs=${slowMs}` }] } },
  });
}
