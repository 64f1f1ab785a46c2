import * as z from "zod";
import { refineJsonText } from "./refine-json-text.ts";

export const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });

export const imagePartSchema = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() }),
});

export const contentPartSchema = z.discriminatedUnion("type", [textPartSchema, imagePartSchema]);

const textContent = z.union([z.string(), z.array(textPartSchema)]);

const joined = (content: z.infer<typeof textContent>) => (typeof content === "string" ? content : content.map((part) => part.text).join(""));

/** Some adapters parse a tool's result as JSON when it is JSON. */
const toolResult = textContent.superRefine((content, ctx) => refineJsonText(joined(content), ctx));

export const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string().superRefine(refineJsonText) }),
});

/** One Chat Completions message, by role. */
export const chatMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(contentPartSchema)]), name: z.string().optional() }),
  z.object({
    role: z.literal("assistant"),
    content: textContent.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).optional(),
    refusal: z.string().nullish(),
  }),
  z.object({ role: z.literal("tool"), content: toolResult, tool_call_id: z.string().min(1) }),
]);
