/** The page at `/`: a prompt box, a profile picker and a streamed answer, using only the public API. */
export const PLAYGROUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus playground</title>
<style>
  :root { font-family: system-ui, sans-serif; color-scheme: light dark; }
  body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; }
  p.lead { margin-top: 0; opacity: .75; }
  form { display: grid; gap: .6rem; }
  textarea { min-height: 6rem; font: inherit; padding: .5rem; }
  .row { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
  select, button { font: inherit; padding: .35rem .6rem; }
  #answer { white-space: pre-wrap; border: 1px solid #8884; border-radius: 6px; padding: .8rem; min-height: 4rem; margin-top: 1rem; }
  #meta { font-size: .85rem; opacity: .7; margin-top: .4rem; }
  .error { color: #c33; }
</style>
</head>
<body>
<h1>Chorus playground</h1>
<p class="lead">One OpenAI-compatible endpoint in front of many models. Pick a profile or a model, ask, and watch the answer stream.</p>
<form id="ask">
  <textarea id="prompt" name="prompt" required placeholder="Ask something…">Say hello in three languages.</textarea>
  <div class="row">
    <label for="model">Model</label>
    <select id="model" name="model"></select>
    <button id="send" type="submit">Send</button>
    <button id="stop" type="button" disabled>Stop</button>
  </div>
  <div class="row" id="token-row" hidden>
    <label for="token">Token</label>
    <input id="token" type="password" size="40" placeholder="a JWT or ck_ API key" autocomplete="off">
  </div>
</form>
<div id="answer" aria-live="polite"></div>
<div id="meta"></div>
<script type="module">
const $ = (id) => document.getElementById(id);
let controller;
let token = localStorage.getItem("chorus-token") ?? "";

// Local development (npm start) hands out tokens at /dev/login; a deployment asks for one.
async function signIn() {
  const res = await fetch("/dev/login", { method: "POST" });
  if (res.ok) { token = (await res.json()).token; return; }
  $("token-row").hidden = false;
  $("token").value = token;
  $("token").addEventListener("change", () => { token = $("token").value.trim(); localStorage.setItem("chorus-token", token); loadModels(); });
}

const authHeaders = () => (token ? { authorization: "Bearer " + token } : {});

async function loadModels() {
  const res = await fetch("/v1/models", { headers: authHeaders() });
  if (!res.ok) throw new Error((await res.json()).error?.message ?? res.statusText);
  const { data } = await res.json();
  $("model").replaceChildren(...data.map((m) => new Option(m.id, m.id)));
}

async function ask(event) {
  event.preventDefault();
  controller = new AbortController();
  $("answer").textContent = ""; $("answer").className = ""; $("meta").textContent = "";
  $("send").disabled = true; $("stop").disabled = false;
  const started = performance.now();
  try {
    const res = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", ...authHeaders() },
      body: JSON.stringify({ model: $("model").value, stream: true, messages: [{ role: "user", content: $("prompt").value }] }),
      signal: controller.signal,
    });
    if (!res.ok) throw new Error((await res.json()).error?.message ?? res.statusText);
    const meta = ["provider", "model", "profile", "attempts", "fallback"].map((h) => [h, res.headers.get("x-chorus-" + h)]).filter(([, v]) => v);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const events = buffer.split("\\n\\n");
      buffer = events.pop();
      for (const event of events) {
        const data = event.replace(/^data: /, "");
        if (data === "[DONE]") continue;
        const chunk = JSON.parse(data);
        if (chunk.error) throw new Error(chunk.error.message);
        $("answer").textContent += chunk.choices[0]?.delta?.content ?? "";
      }
    }
    $("meta").textContent = meta.map(([k, v]) => k + ": " + v).join(" · ") + " · " + Math.round(performance.now() - started) + " ms";
  } catch (error) {
    if (error.name !== "AbortError") { $("answer").className = "error"; $("answer").textContent = String(error.message ?? error); }
  } finally {
    $("send").disabled = false; $("stop").disabled = true;
  }
}

$("ask").addEventListener("submit", ask);
$("stop").addEventListener("click", () => controller?.abort());
signIn().then(loadModels).catch((error) => { $("meta").textContent = "Could not load models: " + error.message; });
</script>
</body>
</html>`;
