/** The first of `phrases` in `text`, case-insensitive; undefined when none is. */
export function findPhrase(text: string, phrases: readonly string[]): { phrase: string; start: number } | undefined {
  const lower = text.toLowerCase();
  let first: { phrase: string; start: number } | undefined;
  for (const phrase of phrases) {
    const start = lower.indexOf(phrase.toLowerCase());
    if (start >= 0 && (!first || start < first.start)) first = { phrase, start };
  }
  return first;
}
