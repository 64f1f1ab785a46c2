import type { ScopePersona } from "../request/persona-source.ts";
import { publishEnded } from "../request/send-answer.ts";
import { sessionMessage, trimmedHeader } from "./session-message.ts";
import { answerLine, runTurn, type Conversation } from "./session-turn.ts";

/**
 * The turns of one post answered as JSON: each speaker in order, each
 * answer stored before the next speaker sees the thread; 201 with the
 * user's message and the answers. A failed turn's error is thrown (the
 * request's answer); the turns before it stay stored. Headers: the last
 * turn's `x-chorus-*`, and the most lines any turn left out.
 */
export async function answerTurnsJson(conversation: Conversation, speakers: readonly ScopePersona[]): Promise<Response> {
  const stored = [conversation.hold.asked];
  let headers: Record<string, string> = {};
  let trimmed = 0;
  for (const speaker of speakers) {
    const turn = await runTurn(conversation, speaker);
    const { answer } = turn;
    if (answer.kind !== "json") throw new Error("a session turn asked for JSON answered with a stream");
    publishEnded(turn.scope, { status: 200, servedBy: answer.served, usage: answer.usage, completion: answer.completion, cancelled: false, streamed: false });
    const content = answer.completion?.choices[0]?.message.content ?? "";
    stored.push(await conversation.hold.store(answerLine(turn, content, answer.served)));
    headers = answer.headers;
    trimmed = Math.max(trimmed, turn.trimmed);
  }
  return new Response(JSON.stringify({ messages: stored.map(sessionMessage) }), {
    status: 201, headers: { ...headers, ...trimmedHeader(trimmed), "content-type": "application/json" },
  });
}
