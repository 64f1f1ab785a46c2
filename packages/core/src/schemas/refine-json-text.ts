import type * as z from "zod";
import { jsonTextProblem } from "./json-bounds.ts";

/** For text that adapters may parse as JSON and pass on (tool arguments, tool results): the same depth bound. */
export function refineJsonText(text: string, ctx: z.RefinementCtx): void {
  const problem = jsonTextProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}
