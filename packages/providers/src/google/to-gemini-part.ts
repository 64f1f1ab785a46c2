import type { ContentPart } from "@chorus/core";
import type { Part } from "@google/generative-ai";

/** Media types by file extension, for image URLs Gemini fetches itself. */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
  heic: "image/heic", heif: "image/heif", pdf: "application/pdf",
};

export function guessMimeType(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return Object.hasOwn(MIME_BY_EXTENSION, extension) ? MIME_BY_EXTENSION[extension]! : "image/jpeg";
}

/** One OpenAI content part as a Gemini part: `data:` URLs inline, other URLs by reference. */
export function toGeminiPart(part: ContentPart): Part {
  if (part.type === "text") return { text: part.text };
  const { url } = part.image_url;
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (inline) return { inlineData: { mimeType: inline[1]!, data: inline[2]! } };
  return { fileData: { mimeType: guessMimeType(url), fileUri: url } };
}
