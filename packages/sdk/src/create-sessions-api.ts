import type { ChatCompletionChunk } from "./chat-types.ts";
import type { CreateSessionBody, PatchSessionBody, PostSessionMessageBody, SessionInfo, SessionMessage } from "./session-types.ts";
import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import type { Transport } from "./create-chorus-client.ts";
import { createChorusChatStream, type ChorusChatStream } from "./create-chorus-chat-stream.ts";

type Signal = Pick<ChorusRequestOptions, "signal">;

/** A session with its thread in order. */
export interface ChorusSessionWithMessages extends SessionInfo {
  messages: SessionMessage[];
}

/** A streamed turn's chunk: which persona speaks, and the id its message is stored under. */
export type ChorusSessionChunk = ChatCompletionChunk & { persona: string; message_id: string };

/** What to post: the user's message, and who answers (one persona, or `turns` in order). */
export type ChorusSessionPost = PostSessionMessageBody;

/** `/v1/sessions` (CONTRACT.md "Sessions (theatre mode)"). */
export interface ChorusSessions {
  list(options?: Signal): Promise<SessionInfo[]>;
  create(session?: CreateSessionBody, options?: Signal): Promise<SessionInfo>;
  get(id: string, options?: Signal): Promise<ChorusSessionWithMessages>;
  update(id: string, fields: PatchSessionBody, options?: Signal): Promise<SessionInfo>;
  remove(id: string, options?: Signal): Promise<void>;
  /** Stores the message and answers it; resolves the stored user message, then one assistant message per turn. */
  send(id: string, post: ChorusSessionPost, options?: ChorusRequestOptions): Promise<SessionMessage[]>;
  /** The same, streamed: every chunk names its persona and message id. */
  stream(id: string, post: ChorusSessionPost, options?: ChorusRequestOptions): ChorusChatStream<ChorusSessionChunk>;
}

const at = (id: string) => `/v1/sessions/${encodeURIComponent(id)}`;

export function createSessionsApi({ send, readJson }: Transport): ChorusSessions {
  const json = async <T>(response: Promise<Response>, options: Signal): Promise<T> => readJson<T>(await response, options.signal);
  return {
    async list(options = {}) {
      return (await json<{ data: SessionInfo[] }>(send({ method: "GET", path: "/v1/sessions", options }), options)).data;
    },
    create: (session = {}, options = {}) => json(send({ method: "POST", path: "/v1/sessions", body: session, options }), options),
    get: (id, options = {}) => json(send({ method: "GET", path: at(id), options }), options),
    update: (id, fields, options = {}) => json(send({ method: "PATCH", path: at(id), body: fields, options }), options),
    async remove(id, options = {}) {
      await send({ method: "DELETE", path: at(id), options });
    },
    async send(id, post, options = {}) {
      const body = { ...post, stream: false };
      return (await json<{ messages: SessionMessage[] }>(send({ method: "POST", path: `${at(id)}/messages`, body, options }), options)).messages;
    },
    stream(id, post, options = {}) {
      const response = send({ method: "POST", path: `${at(id)}/messages`, body: { ...post, stream: true }, accept: "text/event-stream", options });
      return createChorusChatStream<ChorusSessionChunk>(response, options.signal);
    },
  };
}
