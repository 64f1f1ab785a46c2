import { describe, expect, it } from "vitest";
import { findPii, maskPii, PII_KINDS } from "./find-pii.ts";
import { ibanValid } from "./iban-valid.ts";
import { luhnValid } from "./luhn-valid.ts";

const masked = (text: string) => maskPii(text, findPii(text, PII_KINDS));

describe("checksums", () => {
  it("Luhn accepts real test card numbers and refuses a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("5500005555555559")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("41111111a1111111")).toBe(false);
  });

  it("IBAN mod-97 accepts real IBANs and refuses a changed digit", () => {
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("NO9386011117947")).toBe(true);
    expect(ibanValid("DE89370400440532013001")).toBe(false);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
  });
});

describe("findPii and maskPii", () => {
  it("masks each kind", () => {
    expect(masked("Write to jane.doe+news@mail.example.com today")).toBe("Write to [EMAIL] today");
    expect(masked("Call (415) 555-0132 or +44 20 7946 0958.")).toBe("Call [PHONE] or [PHONE].");
    expect(masked("Card 4111 1111 1111 1111, exp 12/29")).toBe("Card [CARD], exp 12/29");
    expect(masked("Pay DE89 3704 0044 0532 0130 00 OK")).toBe("Pay [IBAN] OK");
    expect(masked("IBAN GB82WEST12345698765432.")).toBe("IBAN [IBAN].");
    expect(masked("SSN 123-45-6789 on file")).toBe("SSN [SSN] on file");
  });

  it("leaves numbers whose checksum fails, and invalid SSNs, alone", () => {
    expect(masked("Card 4111 1111 1111 1112")).toBe("Card 4111 1111 1111 1112");
    expect(masked("Pay DE89 3704 0044 0532 0130 01")).toBe("Pay DE89 3704 0044 0532 0130 01");
    expect(masked("id 000-12-3456 and 666-12-3456")).toBe("id 000-12-3456 and 666-12-3456");
  });

  it("finds only the kinds asked for, and ordinary numbers are not phones", () => {
    const text = "jane@example.com paid 4111111111111111 in 2024, order 12345";
    expect(findPii(text, ["card"]).map((match) => match.kind)).toEqual(["card"]);
    expect(masked("In 2024 we sold 1,250 units at 3.50 each.")).toBe("In 2024 we sold 1,250 units at 3.50 each.");
  });
});
