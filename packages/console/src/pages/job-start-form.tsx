import type { PipelineInfo } from "@chorus/sdk";
import { useMemo, useState } from "preact/hooks";
import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { SchemaForm } from "../components/schema-form.tsx";
import { formFields, formInput, type FormValues } from "../schema-form-fields.ts";

/** `POST /v1/jobs`: a pipeline, and its input as a form built from the pipeline's JSON Schema. */
export function JobStartForm({ pipelines, onStarted }: { pipelines: PipelineInfo[]; onStarted: (id: string) => void }) {
  const [name, setName] = useState(pipelines[0]?.name ?? "");
  const [values, setValues] = useState<FormValues>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const pipeline = pipelines.find((candidate) => candidate.name === name);
  const fields = useMemo(() => formFields(pipeline?.input), [pipeline]);

  async function start(event: Event) {
    event.preventDefault();
    if (!pipeline) return;
    setError(undefined);
    const read = formInput(pipeline.input, fields, values);
    if ("problem" in read) return setError(new Error(read.problem.message));
    setBusy(true);
    try {
      const job = await chorus.jobs.create({ pipeline: pipeline.name, input: read.input });
      onStarted(job.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (pipelines.length === 0) return <p class="muted">No pipelines are configured on this gateway.</p>;
  return (
    <form class="card" aria-label="Start a job" onSubmit={start}>
      <h2>Start a job</h2>
      <Field label="Pipeline">
        <select value={name} onChange={(event) => { setName(event.currentTarget.value); setValues({}); setError(undefined); }}>
          {pipelines.map((candidate) => <option key={candidate.name} value={candidate.name}>{candidate.name}</option>)}
        </select>
      </Field>
      {pipeline && <p class="muted">{pipeline.description}</p>}
      <SchemaForm key={name} fields={fields} values={values} onChange={setValues} />
      <div class="row">
        <button type="submit" disabled={busy || !pipeline}>{busy ? "Starting…" : "Start job"}</button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
