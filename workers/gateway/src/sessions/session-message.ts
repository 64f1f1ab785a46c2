import type { SessionMessage } from "@chorus/core";
import type { StoredLine } from "../durable/session-thread-types.ts";

/** A stored line as the API shows it. */
export function sessionMessage(line: StoredLine): SessionMessage {
  const { id, role, persona, content, provider, model, createdAt } = line;
  return { id, role, persona, content, provider, model, createdAt };
}

/** `x-chorus-context-trimmed` when some turn's prompt left lines out. */
export function trimmedHeader(trimmed: number): Record<string, string> {
  return trimmed > 0 ? { "x-chorus-context-trimmed": String(trimmed) } : {};
}
