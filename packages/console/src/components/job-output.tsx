/** A job's draft or result: text as it is, anything else as indented JSON. */
export function JobOutput({ title, value }: { title: string; value: unknown }) {
  return (
    <section class="output" aria-label={title}>
      <h3>{title}</h3>
      <pre>{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}
