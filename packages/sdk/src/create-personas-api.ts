import type { ChatCompletion } from "./chat-types.ts";
import type { CharacterCardV2, Persona, PersonaDraft } from "./persona-types.ts";
import type { Transport } from "./create-chorus-client.ts";
import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import { createChorusChatStream, type ChorusChatStream } from "./create-chorus-chat-stream.ts";

type Signal = Pick<ChorusRequestOptions, "signal">;

export interface ChorusPersonaFilter {
  tag?: string;
  q?: string;
}

export interface ChorusPersonaPreview {
  message: string;
  model?: string;
}

/** `/v1/personas` (CONTRACT.md "Personas"); refs are `writer`, `user:{key}`, `ws:{id}`. */
export interface ChorusPersonas {
  /** System personas first, then the caller's own, then those shared with their workspace. */
  list(filter?: ChorusPersonaFilter, options?: Signal): Promise<Persona[]>;
  get(ref: string, options?: Signal): Promise<Persona>;
  create(persona: PersonaDraft, options?: Signal): Promise<Persona>;
  /** `PUT`: the persona replaced by these fields. */
  replace(ref: string, persona: PersonaDraft, options?: Signal): Promise<Persona>;
  /** `PATCH`: the fields given change. */
  update(ref: string, fields: Partial<PersonaDraft>, options?: Signal): Promise<Persona>;
  remove(ref: string, options?: Signal): Promise<void>;
  /** A Character Card V2 or V3; `key` chooses the persona's key (else slugged from the card's name). */
  importCard(card: unknown, options?: Signal & { key?: string }): Promise<Persona>;
  exportCard(ref: string, options?: Signal): Promise<CharacterCardV2>;
  /** One answer in the persona's voice. */
  preview(ref: string, request: ChorusPersonaPreview, options?: ChorusRequestOptions): Promise<ChatCompletion>;
  /** The same, streamed; iterate it for chunks. */
  previewStream(ref: string, request: ChorusPersonaPreview, options?: ChorusRequestOptions): ChorusChatStream;
}

const at = (ref: string) => `/v1/personas/${encodeURIComponent(ref)}`;

export function createPersonasApi({ send, readJson }: Transport): ChorusPersonas {
  const json = async <T>(response: Promise<Response>, options: Signal): Promise<T> => readJson<T>(await response, options.signal);
  return {
    async list(filter = {}, options = {}) {
      const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined && value !== ""));
      const path = `/v1/personas${query.size > 0 ? `?${query}` : ""}`;
      return (await json<{ data: Persona[] }>(send({ method: "GET", path, options }), options)).data;
    },
    get: (ref, options = {}) => json(send({ method: "GET", path: at(ref), options }), options),
    create: (persona, options = {}) => json(send({ method: "POST", path: "/v1/personas", body: persona, options }), options),
    replace: (ref, persona, options = {}) => json(send({ method: "PUT", path: at(ref), body: persona, options }), options),
    update: (ref, fields, options = {}) => json(send({ method: "PATCH", path: at(ref), body: fields, options }), options),
    async remove(ref, options = {}) {
      await send({ method: "DELETE", path: at(ref), options });
    },
    importCard(card, options = {}) {
      const path = `/v1/personas/import${options.key === undefined ? "" : `?key=${encodeURIComponent(options.key)}`}`;
      return json(send({ method: "POST", path, body: card, options }), options);
    },
    exportCard: (ref, options = {}) => json(send({ method: "GET", path: `${at(ref)}/export`, options }), options),
    preview: (ref, request, options = {}) =>
      json(send({ method: "POST", path: `${at(ref)}/preview`, body: { ...request, stream: false }, options }), options),
    previewStream(ref, request, options = {}) {
      const response = send({ method: "POST", path: `${at(ref)}/preview`, body: { ...request, stream: true }, accept: "text/event-stream", options });
      return createChorusChatStream(response, options.signal);
    },
  };
}
