import { systemClock, type AdapterOptions, type ChatAdapter, type ChatCompletion, type ChatCompletionChunk, type ChatRequest, type Clock, type Usage } from "@chorus/core";
import { countWords, demoReply, promptText } from "./demo-reply.ts";

export interface DemoAdapterOptions extends AdapterOptions {
  /** Pause between streamed words, so a person sees the stream arrive. */
  wordDelayMs?: number;
  clock?: Clock;
}

function usageFor(request: ChatRequest, output: string): Usage {
  const prompt = countWords(promptText(request));
  const completion = countWords(output);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Chorus's built-in model: deterministic, local, labelled as a demo in every answer. */
export function createDemoAdapter(options: DemoAdapterOptions = {}): ChatAdapter {
  const clock = options.clock ?? systemClock;
  const wordDelayMs = options.wordDelayMs ?? 15;
  let sequence = 0;
  const nextId = () => `chatcmpl-demo-${++sequence}`;

  return {
    async chat(request, context): Promise<ChatCompletion> {
      const reply = demoReply(request);
      const output = reply.kind === "text" ? reply.text : reply.call.function.arguments;
      return {
        id: nextId(), object: "chat.completion", created: Math.floor(clock.now() / 1000), model: context.model,
        choices: [{
          index: 0, logprobs: null,
          message: reply.kind === "text" ? { role: "assistant", content: reply.text } : { role: "assistant", content: null, tool_calls: [reply.call] },
          finish_reason: reply.kind === "text" ? "stop" : "tool_calls",
        }],
        usage: usageFor(request, output),
      };
    },

    async *stream(request, context): AsyncIterable<ChatCompletionChunk> {
      const reply = demoReply(request);
      const base = { id: nextId(), object: "chat.completion.chunk" as const, created: Math.floor(clock.now() / 1000), model: context.model };
      yield { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] };
      if (reply.kind === "tool_call") {
        const { id, function: fn } = reply.call;
        yield { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id, type: "function", function: { name: fn.name, arguments: fn.arguments } }] }, finish_reason: null }] };
      } else {
        for (const word of reply.text.match(/\S+\s*/g) ?? []) {
          await clock.sleep(wordDelayMs, context.signal);
          yield { ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] };
        }
      }
      yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: reply.kind === "text" ? "stop" : "tool_calls" }] };
      yield { ...base, choices: [], usage: usageFor(request, reply.kind === "text" ? reply.text : reply.call.function.arguments) };
    },

    async embed(request, context) {
      const inputs = Array.isArray(request.input) ? request.input : [request.input];
      const data = inputs.map((text, index) => ({ object: "embedding" as const, index, embedding: demoEmbedding(text, request.dimensions ?? 8) }));
      const tokens = inputs.reduce((sum, text) => sum + countWords(text), 0);
      return { object: "list", data, model: context.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
    },
  };
}

/** A unit vector from character codes: equal texts embed equally, different ones differ. */
function demoEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % dimensions]! += text.charCodeAt(i) / 255;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
