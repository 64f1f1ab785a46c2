/** ISO 13616 lengths run from 15 (Norway) to 34 characters. */
export const IBAN_MIN_LENGTH = 15;
export const IBAN_MAX_LENGTH = 34;

/**
 * The IBAN check (ISO 7064 mod 97-10): the first four characters moved to
 * the end, letters as 10..35, the number mod 97 is 1. Computed piecewise, so
 * no big integers. `iban` without spaces, upper case.
 */
export function ibanValid(iban: string): boolean {
  if (iban.length < IBAN_MIN_LENGTH || iban.length > IBAN_MAX_LENGTH || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const value = char >= "A" ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
