import type { ScopePersona } from "../request/persona-source.ts";
import { publishEnded } from "../request/send-answer.ts";
import { sessionMessage, trimmedHeader } from "./session-message.ts";
import { answerLine, runTurn, type Conversation } from "./session-turn.ts";

/**
 * The turns of one post answered as JSON: each speaker in order, each
 * seeing the answers before it (sent to be stored while the next speaker
 * is answered); 201 with the user's message and the answers, once the
 * caller has released the hold. A failed turn's error is thrown (the
 * request's answer); the turns before it are stored by the release.
 * Headers: the last turn's `x-chorus-*`, and the most lines any turn left out.
 */
export async function answerTurnsJson(conversation: Conversation, speakers: readonly ScopePersona[]): Promise<Response> {
  const { hold } = conversation;
  const stored = [conversation.asked];
  let headers: Record<string, string> = {};
  let trimmed = 0;
  for (const [index, speaker] of speakers.entries()) {
    if (index > 0) hold.save();
    const turn = await runTurn(conversation, speaker);
    const { answer } = turn;
    if (answer.kind !== "json") throw new Error("a session turn asked for JSON answered with a stream");
    publishEnded(turn.scope, { status: 200, servedBy: answer.served, usage: answer.usage, completion: answer.completion, cancelled: false, streamed: false });
    const content = answer.completion?.choices[0]?.message.content ?? "";
    stored.push(hold.add(answerLine(turn, content, answer.served)));
    headers = answer.headers;
    trimmed = Math.max(trimmed, turn.trimmed);
  }
  return new Response(JSON.stringify({ messages: stored.map(sessionMessage) }), {
    status: 201, headers: { ...headers, ...trimmedHeader(trimmed), "content-type": "application/json" },
  });
}
