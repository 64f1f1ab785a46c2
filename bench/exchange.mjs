// One chat completion against one party, checked: a response only counts
// when it carries the fake's exact answer, whole, in OpenAI's wire format.
import { paddedAnswer } from "../test/fakes/fake-answer.ts";
import { post } from "./http-client.mjs";

export const PROMPT = "Say hello to the benchmark please";
// Every request is new (the prompt ends with a sequence number), so a
// response cache, which Chorus has on by default, never answers in place of
// the upstream: each request pays the cache's miss path, as new traffic does.
// A party marked `repeat` asks the same question every time instead (cache hits).
let sequence = 0;
// The fake waits this long between streamed content chunks, so a stream spans
// several ms and a gateway that buffered it would deliver it in one burst.
export const CHUNK_MS = 2;

function completionProblem({ status, body }, answer) {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let content;
  try {
    content = JSON.parse(body).choices?.[0]?.message?.content;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  return content === answer ? undefined : `unexpected content ${JSON.stringify(content)}`;
}

/** A session message's answer: 201 with the stored user message, then the one assistant message holding the fake's answer. */
function sessionProblem({ status, body }, answer) {
  if (status !== 201) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let messages;
  try {
    messages = JSON.parse(body).messages;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  const [, reply, ...more] = messages ?? [];
  if (reply?.role !== "assistant" || more.length > 0) return `unexpected messages ${body.slice(0, 200)}`;
  return reply.content === answer ? undefined : `unexpected content ${JSON.stringify(reply.content)}`;
}

/** A Responses API answer: 200 with one `message` output item whose `output_text` is the fake's answer. */
function responsesProblem({ status, body }, answer) {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let output;
  try {
    output = JSON.parse(body).output;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  const text = output?.find((item) => item.type === "message")?.content?.find((part) => part.type === "output_text")?.text;
  return text === answer ? undefined : `unexpected output ${body.slice(0, 200)}`;
}

function streamProblem({ status, body }, answer) {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let text = "";
  for (const line of body.split("\n")) {
    if (!line.startsWith("data: ")) continue;
    const data = line.slice("data: ".length);
    if (data === "[DONE]") return text === answer ? undefined : `unexpected streamed content ${JSON.stringify(text)}`;
    try {
      text += JSON.parse(data).choices?.[0]?.delta?.content ?? "";
    } catch {
      return `SSE data is not JSON: ${data.slice(0, 200)}`;
    }
  }
  return "stream ended without data: [DONE]";
}

/** Resolves with the response's timings and `problem`, a reason when it does not count (never rejects). */
export async function exchange(party, agent, stream) {
  const model = stream ? `${party.model}~chunkMs=${CHUNK_MS}` : party.model;
  const prompt = party.repeat ? `${PROMPT} again` : `${PROMPT} ${++sequence}`;
  // A session party (non-streamed only) posts the prompt as the session's next message; a Responses party as its `input`.
  const payload = party.sessionUrl
    ? JSON.stringify({ content: prompt })
    : party.responses
      ? JSON.stringify({ model, input: prompt })
      : JSON.stringify({ model, messages: [{ role: "user", content: prompt }], ...(stream && { stream: true }) });
  const problemOf = party.sessionUrl ? sessionProblem : party.responses ? responsesProblem : stream ? streamProblem : completionProblem;
  try {
    const url = party.sessionUrl ? await party.sessionUrl(agent) : party.url;
    const response = await post(agent, url, payload, party.headers());
    // A party asking for a padded answer (`answerBytes`) gets the fake's echo padded as the fake pads it.
    const answer = party.answerBytes === undefined ? `Echo: ${prompt}` : paddedAnswer(`Echo: ${prompt}`, party.answerBytes);
    return { ...response, problem: problemOf(response, answer) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
