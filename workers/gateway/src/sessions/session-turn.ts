import { speakerView, type ChatRequest } from "@chorus/core";
import type { NewLine, StoredLine } from "../durable/session-thread-types.ts";
import { publishFailed } from "../request/ai-endpoint.ts";
import type { JsonAnswer, Served, StreamAnswer } from "../request/answer.ts";
import type { ScopePersona } from "../request/persona-source.ts";
import type { RequestScope } from "../request/request-scope.ts";
import { runStages, type Stage } from "../request/stage.ts";
import { newMessageId } from "./session-thread-of.ts";
import type { TurnHold } from "./turn-hold.ts";

/** What every turn of one post shares: the session's settings, the lock, and how a turn's scope is built. */
export interface Conversation {
  hold: TurnHold;
  /** The user's message of this post, first of the lines it adds. */
  asked: StoredLine;
  /** The chat stages a turn runs (admission, metering, routing: `AppParts.session`). */
  stages: readonly Stage<ChatRequest>[];
  /** A turn's scope: its body under the caller's state and the speaker's persona (`buildScope`). */
  scopeFor(body: ChatRequest, persona: ScopePersona): RequestScope<ChatRequest>;
  /** The message's `model`, else the session's; absent: the resolution chain (the persona's pin among it). */
  model: string | undefined;
  contextTokens: number;
  stream: boolean;
}

/** One persona's turn, answered (a whole completion or a started stream), not yet stored. */
export interface Turn<A extends JsonAnswer | StreamAnswer = JsonAnswer | StreamAnswer> {
  speaker: ScopePersona;
  scope: RequestScope<ChatRequest>;
  answer: A;
  /** The id its message will be stored under (streamed chunks carry it before that). */
  messageId: string;
  /** Lines of the thread left out of its prompt for the budget. */
  trimmed: number;
}

/**
 * Runs `speaker`'s turn through the chat request path: the thread from its
 * seat (`speakerView`) as the body of a scope of its own, then the stages.
 * A turn that fails has its `AnswerEnded` published here and its error thrown.
 */
export async function runTurn(conversation: Conversation, speaker: ScopePersona): Promise<Turn> {
  const view = speakerView({ speaker: { ref: speaker.ref, voice: speaker }, thread: conversation.hold.lines, contextTokens: conversation.contextTokens });
  const body: ChatRequest = { messages: view.messages, stream: conversation.stream, ...(conversation.model !== undefined && { model: conversation.model }) };
  const scope = conversation.scopeFor(body, speaker);
  try {
    const answer = await runStages(conversation.stages, scope);
    if (answer.kind === "ready") throw new Error("a session turn's stages answered with a ready response; only idempotency replays do");
    return { speaker, scope, answer, messageId: newMessageId(), trimmed: view.trimmed };
  } catch (error) {
    publishFailed(scope, error);
    throw error;
  }
}

/** The line a turn stores: what the speaker said, and who served it. */
export function answerLine(turn: Turn, content: string, served: Served | undefined): NewLine {
  return {
    id: turn.messageId, role: "assistant", persona: turn.speaker.ref, personaName: turn.speaker.name, content,
    provider: served?.provider ?? null, model: served?.model ?? null,
  };
}
