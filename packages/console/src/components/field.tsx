import { cloneElement, type VNode } from "preact";
import { useId } from "preact/hooks";

/**
 * A labelled control: the label names it by `for`, and the hint is tied to it
 * with `aria-describedby`, so the control's name stays just the label.
 */
export function Field({ label, hint, children }: { label: string; hint?: string; children: VNode }) {
  const id = useId();
  return (
    <div class="field">
      <label class="label" for={id}>{label}</label>
      {cloneElement(children, { id, ...(hint && { "aria-describedby": `${id}-hint` }) })}
      {hint && <small class="hint" id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}
