import type { ChatRequest, EmbeddingRequest } from "@chorus/core";

/**
 * A chat request as the SDK takes it. `model` may be left out (the gateway
 * then resolves mode pin, surface pin, default profile); `stream` is set by
 * the method called, `chat` or `stream`.
 */
export type ChorusChatRequest = Omit<ChatRequest, "model" | "stream"> & { model?: string };

/** `model` may be left out: the gateway then uses its embedding profile. */
export type ChorusEmbeddingRequest = Omit<EmbeddingRequest, "model"> & { model?: string };

/** One entry of `GET /v1/models`: a profile name or a concrete `provider/model` id. */
export interface ChorusModel {
  id: string;
  object: "model";
  created: number;
  /** `chorus` for profiles, the provider id for `provider/model` ids. */
  owned_by: string;
}

export interface ChorusModelList {
  object: "list";
  data: ChorusModel[];
}
