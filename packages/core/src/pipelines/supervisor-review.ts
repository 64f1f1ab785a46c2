import * as z from "zod";
import type { PipelineMessage, PipelineSupervisor } from "./pipeline-schema.ts";

/** What the supervisor asked to change: one named part and how. */
export interface RevisionRequest {
  part: string;
  instruction: string;
}

/** A supervisor's verdict on a draft, as the job shows it. */
export interface Review {
  /** 0-10, clamped whatever the model said. */
  score: number;
  approved: boolean;
  notes: string;
  /** Parts to revise, only among those that can be (unknown names are dropped). */
  revise: RevisionRequest[];
}

/** The JSON Schema the supervisor answers in (`response_format` json_schema); `parts` are the names it may ask to revise. */
export function reviewSchema(parts: readonly string[]): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      score: { type: "number", minimum: 0, maximum: 10 },
      notes: { type: "string" },
      revise: {
        type: "array",
        items: {
          type: "object",
          properties: { part: { type: "string", enum: [...parts] }, instruction: { type: "string" } },
          required: ["part", "instruction"],
          additionalProperties: false,
        },
      },
    },
    required: ["score", "notes", "revise"],
    additionalProperties: false,
  };
}

/** The supervisor's prompt: the rubric, the job's input, the draft, and the parts it may name. */
export function reviewMessages(supervisor: PipelineSupervisor, input: unknown, draft: unknown, parts: readonly string[]): PipelineMessage[] {
  return [
    {
      role: "system",
      content: "You review a draft against a rubric. Score it from 0 (unusable) to 10 (excellent), say why in notes, "
        + `and list only the parts that must change, by name (one of: ${parts.join(", ")}), each with a precise instruction.`,
    },
    {
      role: "user",
      content: `Rubric:\n${supervisor.rubric}\n\nThe request:\n${JSON.stringify(input)}\n\nThe draft:\n${typeof draft === "string" ? draft : JSON.stringify(draft)}`,
    },
  ];
}

const answerSchema = z.object({
  score: z.number(),
  notes: z.string().catch(""),
  revise: z.array(z.object({ part: z.string(), instruction: z.string() })).catch([]),
});

/**
 * The supervisor's answer read as a review against `threshold`: the score
 * clamped to 0-10, revision requests kept only for `parts` (once each). An
 * answer that is not a review scores 0 and names nothing to revise.
 */
export function readReview(answer: unknown, threshold: number, parts: readonly string[]): Review {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) return { score: 0, approved: false, notes: "The supervisor's answer was not a review.", revise: [] };
  const score = Math.min(10, Math.max(0, parsed.data.score));
  const seen = new Set<string>();
  const revise = parsed.data.revise.filter((request) => parts.includes(request.part) && !seen.has(request.part) && seen.add(request.part));
  const approved = score >= threshold;
  return { score, approved, notes: parsed.data.notes, revise: approved ? [] : revise };
}

/** Whether to revise after `review`: not approved, parts named, and revisions left. */
export function shouldRevise(review: Review, revisionsDone: number, maxRevisions: number): boolean {
  return !review.approved && review.revise.length > 0 && revisionsDone < maxRevisions;
}

/** The message added to a part's prompt when it is revised: the supervisor's instruction and its previous answer. */
export function revisionMessage(request: RevisionRequest, previous: unknown): PipelineMessage {
  return {
    role: "user",
    content: `Revise your previous answer.\nPrevious answer:\n${typeof previous === "string" ? previous : JSON.stringify(previous)}\n\nInstruction: ${request.instruction}`,
  };
}
