import type { ComponentChildren } from "preact";

/** A labelled control with an optional hint, so every input has a name a screen reader and a test can find. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="label">{label}</span>
      {children}
      {hint && <small class="hint">{hint}</small>}
    </label>
  );
}
