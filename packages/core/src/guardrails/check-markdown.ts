export interface MarkdownRules {
  /** Deepest heading allowed: 2 allows `#` and `##`. */
  maxHeadingLevel?: number;
  /** No HTML tags or comments outside code. */
  noRawHtml?: boolean;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const FENCE = /^ {0,3}(```|~~~)/;
const HTML = /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>|<!--/;

/** Code (fenced blocks and inline spans) is text, not markup: its `#` and `<b>` are left alone. */
function withoutInlineCode(line: string): string {
  return line.replace(/(`+)[^`]*?\1/g, "");
}

/** The first problem with `text` under `rules` (e.g. "heading level 3 > 2"), or undefined. */
export function checkMarkdown(text: string, rules: MarkdownRules): string | undefined {
  let fenced = false;
  for (const [index, line] of text.split("\n").entries()) {
    if (FENCE.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const heading = HEADING.exec(line);
    if (rules.maxHeadingLevel !== undefined && heading && heading[1]!.length > rules.maxHeadingLevel) {
      return `line ${index + 1}: heading level ${heading[1]!.length} is deeper than ${rules.maxHeadingLevel}`;
    }
    if (rules.noRawHtml && HTML.test(withoutInlineCode(line))) return `line ${index + 1}: raw HTML`;
  }
  return undefined;
}
