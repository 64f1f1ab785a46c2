/**
 * `GET /docs`: the API reference. A small renderer of our own rather than
 * `@scalar/api-reference` or Swagger UI: their standalone bundles weigh
 * megabytes, which would more than double the Worker's upload and its cold
 * start, for one page. This one renders what the document holds (tags,
 * operations, parameters, request body schemas, responses) in a few KB,
 * served by the Worker at `/docs/reference.js`, under a CSP that allows
 * only same-origin scripts.
 */
export const REFERENCE_SCRIPT_PATH = "/docs/reference.js";

export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d1d1f}
h1{margin:.2em 0}h2{border-bottom:1px solid #ddd;margin-top:2rem}
details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.4rem .7rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}
pre{background:#f5f5f7;padding:.6rem;overflow:auto;border-radius:4px}
.m{display:inline-block;min-width:4.2em;font-weight:700;text-transform:uppercase}
.get{color:#0a7d28}.post{color:#0b5cad}.put,.patch{color:#a05a00}.delete{color:#b3261e}
.auth{color:#666;font-size:.9em}nav a{margin-right:1em}
</style>
</head>
<body>
<main id="reference"><p>Loading <a href="/openapi.json">/openapi.json</a>…</p></main>
<script src="${REFERENCE_SCRIPT_PATH}"></script>
</body>
</html>
`;

/** Renders /openapi.json into #reference with DOM calls only (text is never parsed as HTML). */
export const REFERENCE_SCRIPT = `(() => {
  const root = document.getElementById("reference");
  const el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) if (child != null) node.append(child);
    return node;
  };
  const resolve = (doc, ref) => ref.slice(2).split("/").reduce((at, key) => at && at[key], doc);
  const schemaOf = (doc, schema) => schema && schema.$ref ? resolve(doc, schema.$ref) : schema;
  const operationView = (doc, path, method, op) => {
    const auth = (op.security || []).length === 0 ? "public" : (op.security || []).map((s) => Object.keys(s)[0]).join(" or ");
    const body = el("details", { open: true }, el("summary", {}, el("span", { className: "m " + method, textContent: method }), el("code", { textContent: path }), " — " + (op.summary || "")));
    body.append(el("div", { className: "auth", textContent: "auth: " + auth }));
    const params = op.parameters || [];
    if (params.length) body.append(el("h4", { textContent: "Parameters" }), el("ul", {}, ...params.map((p) => el("li", {}, el("code", { textContent: p.name }), " (" + p.in + (p.required ? ", required" : "") + ")" + (p.description ? ": " + p.description : "")))));
    const request = op.requestBody && op.requestBody.content["application/json"];
    if (request) {
      const ref = request.schema.$ref || "";
      body.append(el("h4", { textContent: "Body: " + ref.split("/").pop() + (op.requestBody.required ? "" : " (optional)") }), el("details", {}, el("summary", { textContent: "JSON Schema" }), el("pre", { textContent: JSON.stringify(schemaOf(doc, request.schema), null, 2) })));
    }
    body.append(el("h4", { textContent: "Responses" }), el("ul", {}, ...Object.entries(op.responses).map(([status, answer]) => {
      const shown = answer.$ref ? resolve(doc, answer.$ref) : answer;
      return el("li", {}, el("code", { textContent: status }), " " + shown.description + (shown.content ? " [" + Object.keys(shown.content).join(", ") + "]" : ""));
    })));
    return body;
  };
  fetch("/openapi.json").then((res) => res.json()).then((doc) => {
    root.replaceChildren(el("h1", { textContent: doc.info.title }), el("p", { textContent: doc.info.description }), el("p", {}, el("a", { href: "/openapi.json", textContent: "OpenAPI " + doc.openapi + " document" })));
    const tags = (doc.tags || []).map((tag) => tag.name);
    root.append(el("nav", {}, ...tags.map((tag) => el("a", { href: "#" + encodeURIComponent(tag), textContent: tag }))));
    for (const tag of tags) {
      root.append(el("h2", { id: encodeURIComponent(tag), textContent: tag }));
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) if ((op.tags || []).includes(tag)) root.append(operationView(doc, path, method, op));
      }
    }
  }).catch((error) => root.replaceChildren(el("p", { textContent: "Could not load /openapi.json: " + error })));
})();
`;
