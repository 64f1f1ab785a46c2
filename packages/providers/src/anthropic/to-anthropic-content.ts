import { UpstreamError, type ContentPart } from "@chorus/core";
import type { Base64ImageSource, ContentBlockParam, ImageBlockParam } from "@anthropic-ai/sdk/resources/messages";

type ImageMediaType = Base64ImageSource["media_type"];

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set<ImageMediaType>(["image/jpeg", "image/png", "image/gif", "image/webp"]);
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function badImage(message: string): UpstreamError {
  return new UpstreamError({ provider: "anthropic", kind: "bad_request", status: 400, message });
}

/** An OpenAI `image_url` as Anthropic's image block: inline data as base64, web addresses by URL. */
export function toAnthropicImage(url: string): ImageBlockParam {
  const data = DATA_URL.exec(url);
  if (data) {
    const [, mediaType = "", base64 = ""] = data;
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) throw badImage(`anthropic does not accept images of type ${mediaType}`);
    return { type: "image", source: { type: "base64", media_type: mediaType as ImageMediaType, data: base64 } };
  }
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw badImage("anthropic accepts images as base64 data: URLs or http(s) URLs");
}

/** A message's content (a string or parts) as Anthropic content blocks; empty text is dropped, as Anthropic rejects it. */
export function toAnthropicContent(content: string | ContentPart[] | null | undefined): ContentBlockParam[] {
  if (content === null || content === undefined) return [];
  const parts: ContentPart[] = typeof content === "string" ? [{ type: "text", text: content }] : content;
  return parts.flatMap((part): ContentBlockParam[] => {
    if (part.type === "image_url") return [toAnthropicImage(part.image_url.url)];
    return part.text === "" ? [] : [{ type: "text", text: part.text }];
  });
}

/** Text of a string-or-text-parts content, parts joined as one. */
export function textOf(content: string | { text: string }[] | null | undefined): string {
  if (content === null || content === undefined) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}
