import { PERSONA_LIMITS, personaBytes, personaKeyChanged, personaSizeMessage, personaTooLarge, type PersonaPatch } from "@chorus/core";
import { inputOf, type PersonaRow } from "./persona-row.ts";

/** A replace or patch may repeat the key but not change it. */
export function checkKeyUnchanged(row: PersonaRow, key: string | undefined): void {
  if (key !== undefined && key !== row.key) throw personaKeyChanged(row.key);
}

/**
 * A patch whose fields are each in bounds may still push the whole persona
 * past 64 KiB: measured on the stored persona with the patch applied.
 */
export function checkPatchFits(row: PersonaRow, patch: PersonaPatch): void {
  checkKeyUnchanged(row, patch.key);
  const bytes = personaBytes({ ...inputOf(row), ...patch });
  if (bytes > PERSONA_LIMITS.bytes) throw personaTooLarge(personaSizeMessage(bytes));
}
