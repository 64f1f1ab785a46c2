/**
 * How a test steers a fake upstream: directives appended to the model name,
 * `base~directive~directive`, so every request carries its own scenario
 * through the real SDKs and tests can run in parallel against one fake.
 *
 *   status=503       answer with this HTTP error (the provider's error body)
 *   times=2          only the first 2 requests with this exact model fail; then normal
 *   retryAfter=1     Retry-After header, in seconds
 *   quota            a 429 meaning the quota is exhausted (not retryable)
 *   hang             accept the request, never answer
 *   firstTokenMs=50  wait this long before the response / first chunk
 *   chunkMs=10       wait between stream chunks
 *   cutAfter=2       streams: destroy the socket after this many content chunks
 *   refuse           the provider refuses (content filter / safety)
 *   badJson=1        structured answers (json_schema) miss their schema: the first N with this model, or all without N
 *   answerBytes=1024 text answers padded with words to about this many bytes
 *   pii              text answers end with an e-mail address and a card number (Luhn-valid)
 *   markdown         text answers start with a level-3 heading and raw HTML
 *   score=3          structured answers are a supervisor's review with this score (`revise=part` names a part to redo)
 *   id=abc           no effect but to make the model string unique
 */
export interface Scenario {
  base: string;
  status?: number;
  times?: number;
  retryAfter?: number;
  quota: boolean;
  hang: boolean;
  firstTokenMs: number;
  chunkMs: number;
  cutAfter?: number;
  refuse: boolean;
  /** How many structured answers with this model miss their schema (Infinity: all). */
  badJson?: number;
  answerBytes?: number;
  pii?: boolean;
  markdown?: boolean;
  /** Structured answers are a review `{score, notes, revise}` with this score. */
  score?: number;
  /** The part a review asks to revise. */
  revise?: string;
}

export function parseScenario(model: string): Scenario {
  const [base = model, ...directives] = model.split("~");
  const scenario: Scenario = { base, quota: false, hang: false, firstTokenMs: 0, chunkMs: 0, refuse: false };
  for (const directive of directives) {
    const [key, value] = directive.split("=");
    const n = Number(value);
    if (key === "status") scenario.status = n;
    else if (key === "times") scenario.times = n;
    else if (key === "retryAfter") scenario.retryAfter = n;
    else if (key === "quota") scenario.quota = true;
    else if (key === "hang") scenario.hang = true;
    else if (key === "firstTokenMs") scenario.firstTokenMs = n;
    else if (key === "chunkMs") scenario.chunkMs = n;
    else if (key === "cutAfter") scenario.cutAfter = n;
    else if (key === "refuse") scenario.refuse = true;
    else if (key === "badJson") scenario.badJson = value === undefined ? Infinity : n;
    else if (key === "answerBytes") scenario.answerBytes = n;
    else if (key === "pii") scenario.pii = true;
    else if (key === "markdown") scenario.markdown = true;
    else if (key === "score") scenario.score = n;
    else if (key === "revise") scenario.revise = value;
  }
  return scenario;
}

/** Counts requests per model string, so `times=N` failures clear after N. */
export class ScenarioCounter {
  readonly #seen = new Map<string, number>();

  /** True when this request should get the scenario's failure. */
  shouldFail(model: string, scenario: Scenario): boolean {
    const seen = (this.#seen.get(model) ?? 0) + 1;
    this.#seen.set(model, seen);
    return scenario.times === undefined || seen <= scenario.times;
  }
}
