import type { ChatCompletion, GuardrailOutcome, ProviderId, RailName, StartedStream, StructuredOutcome, Usage } from "@chorus/core";
import type { SseWire } from "../http/sse-response.ts";

/** Who served an answer, and with whose key. */
export interface Served {
  provider: ProviderId;
  model: string;
  /** The user's own provider key: tokens counted, cost 0 (the provider bills that key). */
  ownKey: boolean;
  /** Replayed from the response cache: one request, 0 tokens, 0 cost. */
  cached?: boolean;
  /** A weaker stand-in served (`x-chorus-degraded`): its answer is not cached. */
  degraded?: boolean;
}

/** How an answer came through the gateway's checks, recorded with the request (`AnswerEnded.verdicts`); a stream's is complete when it ends. */
export interface AnswerVerdicts {
  guardrails?: GuardrailOutcome;
  /** The rail a stream broke (its error event), or that made the fallback served. */
  violation?: RailName;
  structured?: StructuredOutcome;
}

/** An SSE event sent after a stream's last chunk and before its end (`chorus.guardrails`, `chorus.structured`). */
export interface StreamTrailer {
  event: string;
  data: unknown;
}

interface AnswerBase {
  /** The `x-chorus-*` headers (and any other) the answer goes out with. */
  headers: Record<string, string>;
  /** Absent for an answer no model served now (an idempotent replay). */
  served?: Served;
  verdicts?: AnswerVerdicts;
}

/** A whole answer, sent as JSON: a chat completion, embeddings. */
export interface JsonAnswer extends AnswerBase {
  kind: "json";
  body: unknown;
  /** The completion, for the cache and the usage estimate; absent for other bodies. */
  completion?: ChatCompletion;
  /** The provider's usage. */
  usage?: Usage;
}

/** A started stream, sent as SSE chunk by chunk. */
export interface StreamAnswer extends AnswerBase {
  kind: "stream";
  stream: StartedStream;
  /** The served model id, written into every chunk. */
  model: string;
  /** The client asked for the usage chunk (it is always read, for metering). */
  includeUsage: boolean;
  /** How the chunks are written (another API's events); Chat Completions' SSE when absent. */
  wire?: SseWire;
  /** Asked once the last chunk passed: the events to send before the end, in order. */
  trailers?: () => StreamTrailer[];
  /** Asked of the provider whole and sent as chunks (a strict structured stream): its health is a whole answer's. */
  held?: boolean;
}

/** A response already made, sent as it is (an idempotent replay). */
export interface ReadyAnswer extends AnswerBase {
  kind: "ready";
  response: Response;
}

/** What the stages of an AI request produce; `send-answer.ts` turns it into the one Response. */
export type Answer = JsonAnswer | StreamAnswer | ReadyAnswer;
