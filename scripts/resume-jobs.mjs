// Jobs interrupted by the last stop of `npm start`, resumed once it serves again.
//
// On Cloudflare a Workflow instance whose machine died is picked up again by
// the engine. Local Workflows (wrangler dev, miniflare's engine) does not: an
// instance's engine runs only once `create()` (or `resume()` of a paused
// instance) starts it, and after workerd restarts nothing starts it again, so
// an instance that was running stays "running" for ever. Pausing it and
// resuming it starts it again from its stored steps: completed steps are not
// run again, the step that was cut off counts as a failed attempt and is
// retried. At start nothing runs yet, so every instance "running" then was
// cut off. Done through wrangler dev's local explorer API, as
// `wrangler workflows instances pause|resume --local` does.

/** wrangler.toml's `[[workflows]] name` of JobWorkflow. */
const JOB_WORKFLOW = "chorus-job";
const EXPLORER = "/cdn-cgi/local/explorer/api";
const PAGE = 100;
const READY_TIMEOUT_MS = 120_000;
const PAUSE_TIMEOUT_MS = 10_000;
const POLL_MS = 250;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function explorer(base, path, init) {
  const response = await fetch(`${base}${EXPLORER}${path}`, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.success) throw new Error(`${init?.method ?? "GET"} ${path}: HTTP ${response.status} ${body.errors?.[0]?.message ?? ""}`.trim());
  return body;
}

async function untilServing(base) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`GET /healthz did not answer within ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

async function runningInstances(base) {
  const ids = [];
  for (let page = 1; ; page++) {
    const { result, result_info: info } = await explorer(base, `/workflows/${JOB_WORKFLOW}/instances?status=running&per_page=${PAGE}&page=${page}`);
    ids.push(...result.map((instance) => instance.id));
    if (page >= (info?.total_pages ?? 1)) return ids;
  }
}

async function setStatus(base, id, status) {
  const { result } = await explorer(base, `/workflows/${JOB_WORKFLOW}/instances/${encodeURIComponent(id)}/status`, {
    method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ status }),
  });
  return result.status;
}

/** Pauses, then resumes, every job instance left running; answers their ids. `base`: the served gateway's URL. */
export async function resumeInterruptedJobs(base) {
  await untilServing(base);
  const ids = await runningInstances(base);
  for (const id of ids) {
    // A pause lands between steps: here at once, since none runs.
    let status = await setStatus(base, id, "pause");
    const deadline = Date.now() + PAUSE_TIMEOUT_MS;
    while (status !== "paused" && Date.now() < deadline) {
      await sleep(POLL_MS);
      status = (await explorer(base, `/workflows/${JOB_WORKFLOW}/instances/${encodeURIComponent(id)}`)).result.status;
    }
    await setStatus(base, id, "resume");
  }
  return ids;
}
