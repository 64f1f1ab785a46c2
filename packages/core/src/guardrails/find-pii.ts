import { IBAN_MIN_LENGTH, ibanValid } from "./iban-valid.ts";
import { luhnValid } from "./luhn-valid.ts";

export const PII_KINDS = ["email", "phone", "card", "iban", "ssn"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** One piece of personal data found in a text: `text.slice(start, end)`. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g;
/** Not a run cut out of a longer digit run ("4111 1111 1111" of a card number). */
const PHONE = /(?<![\w+]|\d[ .-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?![\w-]|[ .]\d)/g;

type Finder = (text: string) => { start: number; end: number }[];

const all = (pattern: RegExp, keep: (found: string) => boolean = () => true): Finder => (text) =>
  [...text.matchAll(pattern)].filter((found) => keep(found[0])).map((found) => ({ start: found.index, end: found.index + found[0].length }));

const digitsOf = (found: string) => found.replace(/\D/g, "");

/**
 * The longest IBAN at the start of each candidate run: a run may swallow the
 * upper-case word after it ("DE89 ... 00 OK"), so shorter prefixes are tried
 * until one carries a valid checksum.
 */
const findIbans: Finder = (text) => {
  const found: { start: number; end: number }[] = [];
  for (const run of text.matchAll(IBAN)) {
    const chars = [...run[0]];
    for (let end = chars.length; end > 0; end--) {
      const candidate = chars.slice(0, end).join("");
      const compact = candidate.replace(/ /g, "");
      if (compact.length < IBAN_MIN_LENGTH) break;
      if (candidate.endsWith(" ") || !ibanValid(compact)) continue;
      found.push({ start: run.index, end: run.index + end });
      break;
    }
  }
  return found;
};

/** Earlier kinds win an overlap: a valid card number is not also reported as a phone number. */
const FINDERS: [PiiKind, Finder][] = [
  ["email", all(EMAIL)],
  ["iban", findIbans],
  ["card", all(CARD, (found) => luhnValid(digitsOf(found)))],
  ["ssn", all(SSN)],
  ["phone", all(PHONE, (found) => digitsOf(found).length >= 9 && digitsOf(found).length <= 15)],
];

/**
 * The personal data of `kinds` in `text`, in order, without overlaps: e-mail
 * addresses, phone numbers, card numbers (Luhn-checked), IBANs (mod-97
 * checked) and US social security numbers.
 */
export function findPii(text: string, kinds: readonly PiiKind[]): PiiMatch[] {
  const matches: PiiMatch[] = [];
  for (const [kind, find] of FINDERS) {
    if (!kinds.includes(kind)) continue;
    for (const span of find(text)) {
      if (matches.some((other) => span.start < other.end && other.start < span.end)) continue;
      matches.push({ kind, ...span });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

const MASKS: Record<PiiKind, string> = { email: "[EMAIL]", phone: "[PHONE]", card: "[CARD]", iban: "[IBAN]", ssn: "[SSN]" };

/** `text` with each match replaced by its mask (`[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`, `[SSN]`). */
export function maskPii(text: string, matches: readonly PiiMatch[]): string {
  let masked = "";
  let at = 0;
  for (const match of matches) {
    masked += text.slice(at, match.start) + MASKS[match.kind];
    at = match.end;
  }
  return masked + text.slice(at);
}
