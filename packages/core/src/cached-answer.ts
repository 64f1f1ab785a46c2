import type { ChatCompletion, ProviderId } from "./chat-types.ts";
import { isProviderId } from "./provider-catalog.ts";

/** What the exact cache stores per key: the whole answer and who gave it. */
export interface CachedAnswer {
  provider: ProviderId;
  /** The provider's own model id, as in `x-chorus-model`. */
  model: string;
  /** The profile (or `direct`) that served it, as in `x-chorus-profile`. */
  profile: string;
  /** The answer in non-streamed form; a stream is replayed from it. */
  completion: ChatCompletion;
  /** Epoch milliseconds. */
  storedAt: number;
}

/** A loose check of a stored value: entries outlive deploys, so a malformed one is a miss, not a crash. */
export function isCachedAnswer(value: unknown): value is CachedAnswer {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  const completion = entry.completion as Record<string, unknown> | null | undefined;
  return typeof entry.provider === "string" && isProviderId(entry.provider)
    && typeof entry.model === "string" && typeof entry.profile === "string" && typeof entry.storedAt === "number"
    && typeof completion === "object" && completion !== null
    && completion.object === "chat.completion" && Array.isArray(completion.choices);
}
