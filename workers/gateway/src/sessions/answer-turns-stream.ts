import { CompletionAssembler, type ChatCompletionChunk, type Usage } from "@chorus/core";
import { toGatewayError } from "../http/to-gateway-error.ts";
import type { StreamAnswer } from "../request/answer.ts";
import type { ScopePersona } from "../request/persona-source.ts";
import { publishEnded } from "../request/send-answer.ts";
import { trimmedHeader } from "./session-message.ts";
import { answerLine, runTurn, type Conversation, type Turn } from "./session-turn.ts";

const encoder = new TextEncoder();
const DONE = "data: [DONE]\n\n";

/** A turn whose stream is being passed on, with what has passed so far. */
class Speaking {
  readonly assembler = new CompletionAssembler();
  readonly pending: ChatCompletionChunk[];
  readonly #iterator: AsyncIterator<ChatCompletionChunk>;
  usage: Usage | undefined;
  text = "";

  constructor(readonly turn: Turn<StreamAnswer>) {
    this.pending = [...turn.answer.stream.head];
    this.#iterator = turn.answer.stream.rest[Symbol.asyncIterator]();
  }

  /** The next chunk, tallied; undefined once the stream has ended whole. */
  async next(): Promise<ChatCompletionChunk | undefined> {
    const chunk = this.pending.shift() ?? (await this.#iterator.next().then((result) => (result.done ? undefined : result.value)));
    if (!chunk) return undefined;
    if (chunk.usage) this.usage = chunk.usage;
    this.assembler.add(chunk);
    this.text += chunk.choices.map(({ delta }) => delta.content ?? "").join("");
    return chunk;
  }

  /** The turn's `AnswerEnded`: whole, failed or left by the client. */
  ended(how: { error?: unknown; cancelled: boolean }): void {
    const whole = how.error === undefined && !how.cancelled;
    publishEnded(this.turn.scope, {
      status: 200, servedBy: this.turn.answer.served, usage: this.usage, ...how,
      completion: whole ? this.assembler.completion() : undefined, streamedText: this.text, streamed: true,
    });
  }
}

function asStreamTurn(turn: Turn): Turn<StreamAnswer> {
  if (turn.answer.kind !== "stream") throw new Error("a session turn asked for a stream answered with JSON");
  return turn as Turn<StreamAnswer>;
}

/** A chunk as a session streams it: the served model, the speaker's ref and the message it will be stored as. */
function frame(chunk: ChatCompletionChunk, turn: Turn<StreamAnswer>): string {
  return `data: ${JSON.stringify({ ...chunk, model: turn.answer.model, persona: turn.speaker.ref, message_id: turn.messageId })}\n\n`;
}

/**
 * The turns of one post as one SSE stream of `chat.completion.chunk`
 * frames, each with the speaker's `persona` and `message_id`, ending
 * `data: [DONE]`. The first turn runs before the response starts, so its
 * failure is an ordinary error answer; a later failure (before or after
 * its first byte) ends the stream with an error event, the turns before it
 * stored. Each answer is sent to be stored once its stream ended whole,
 * and the next speaker sees it. `done` runs once when the stream ends, whichever way.
 * Headers are the first turn's (`x-chorus-*`, `x-chorus-context-trimmed`):
 * the later turns' are not known when the response starts.
 */
export async function answerTurnsStream(conversation: Conversation, speakers: readonly ScopePersona[], done: () => void): Promise<Response> {
  const first = asStreamTurn(await runTurn(conversation, speakers[0]!));
  let next = 1;
  let speaking: Speaking | undefined = new Speaking(first);
  let closed = false;

  const close = (controller: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    if (error !== undefined) {
      const { error: gatewayError, log } = toGatewayError(error);
      if (log) console.error(JSON.stringify({ requestId: first.scope.requestId, status: gatewayError.status, error: log }));
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(gatewayError.toBody())}\n\n`));
    }
    controller.enqueue(encoder.encode(DONE));
    controller.close();
    closed = true;
    done();
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          if (!speaking) {
            if (next >= speakers.length) return close(controller);
            const started = new Speaking(asStreamTurn(await runTurn(conversation, speakers[next++]!)));
            // The client left while this turn was being routed: nobody reads it.
            if (closed) {
              started.turn.answer.stream.cancel();
              return started.ended({ cancelled: true });
            }
            speaking = started;
          }
          const current: Speaking = speaking;
          const chunk = await current.next().catch((error: unknown) => {
            speaking = undefined;
            current.ended({ error, cancelled: false });
            throw error;
          });
          if (chunk === undefined) {
            speaking = undefined;
            current.ended({ cancelled: false });
            const content = current.assembler.completion()?.choices[0]?.message.content ?? current.text;
            conversation.hold.add(answerLine(current.turn, content, current.turn.answer.served));
            conversation.hold.save();
            continue;
          }
          if (chunk.choices.length === 0) continue;
          controller.enqueue(encoder.encode(frame(chunk, current.turn)));
          return;
        }
      } catch (error) {
        if (!closed) close(controller, error);
      }
    },
    cancel() {
      const current = speaking;
      speaking = undefined;
      if (current) {
        current.turn.answer.stream.cancel();
        current.ended({ cancelled: true });
      }
      if (!closed) {
        closed = true;
        done();
      }
    },
  });

  return new Response(stream, {
    headers: {
      ...first.answer.headers, ...trimmedHeader(first.trimmed),
      "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive",
    },
  });
}
