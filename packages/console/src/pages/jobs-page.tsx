import { chorus } from "../api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { navigate } from "../router.ts";
import { useResource } from "../use-resource.ts";
import { JobStartForm } from "./job-start-form.tsx";
import { JobView } from "./job-view.tsx";

/** `/v1/pipelines` and `/v1/jobs`: start a job from a pipeline's input form, the caller's jobs, one job followed live. */
export function JobsPage({ id }: { id?: string }) {
  const pipelines = useResource(() => chorus.pipelines.list());
  const jobs = useResource(() => chorus.jobs.list(), [id]);

  return (
    <main class="page">
      <h1>Jobs</h1>
      <ErrorMessage error={pipelines.error ?? jobs.error} />
      <div class="split">
        <div>
          {pipelines.data && <JobStartForm pipelines={pipelines.data} onStarted={(started) => navigate(`/jobs/${started}`)} />}
          <div class="row spread">
            <h2>Your jobs</h2>
            <button type="button" class="link" onClick={jobs.reload}>Refresh</button>
          </div>
          <ul class="list" aria-label="Jobs">
            {jobs.data?.map((job) => (
              <li key={job.id} aria-current={job.id === id ? "page" : undefined}>
                <a href={`/jobs/${job.id}`}><strong>{job.pipeline}</strong></a>
                <span class={`status ${job.status}`}>{job.status}</span>
                <span class="muted">{job.progress}% · {new Date(job.createdAt).toLocaleString()}</span>
              </li>
            ))}
            {jobs.data?.length === 0 && <li class="muted">No jobs yet: start one above.</li>}
          </ul>
        </div>
        {id && <JobView key={id} id={id} pipelines={pipelines.data} onFinished={jobs.reload} />}
      </div>
    </main>
  );
}
