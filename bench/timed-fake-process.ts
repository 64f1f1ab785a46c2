/**
 * Child process serving the OpenAI fake for the jobs rows, timing every call
 * as the fake sees it: from the request's arrival (headers read) to the end
 * of its answer, on the clock every process on this machine shares
 * (`performance.timeOrigin + performance.now()`). `GET /__bench/calls`
 * answers the calls timed since the last such read, each with the model
 * string its answer names, and forgets them.
 *
 * The fake's own server is left as it is: `node:http`'s `createServer` is
 * wrapped before the fake is loaded (`syncBuiltinESMExports` carries the
 * wrapper to the fake's named import), so the times are taken around the
 * fake's unchanged handler.
 */
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { syncBuiltinESMExports } from "node:module";

interface TimedCall {
  model: string;
  startMs: number;
  endMs: number;
}

const CALLS_PATH = "/__bench/calls";
let calls: TimedCall[] = [];
const now = () => performance.timeOrigin + performance.now();

/** The model a non-streamed answer names (the fake echoes the request's). */
function modelOf(answer: unknown): string {
  try {
    return String((JSON.parse(String(answer)) as { model?: unknown }).model ?? "");
  } catch {
    return "";
  }
}

function timed(listener: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === CALLS_PATH) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(calls));
      calls = [];
      return;
    }
    const startMs = now();
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const answer = typeof args[0] === "function" ? undefined : args[0];
      const result = end(...args);
      calls.push({ model: modelOf(answer), startMs, endMs: now() });
      return result;
    }) as ServerResponse["end"];
    listener(req, res);
  };
}

const createServer = http.createServer;
http.createServer = ((...args: unknown[]) => {
  const listener = args.find((arg) => typeof arg === "function") as RequestListener;
  return createServer(timed(listener));
}) as typeof http.createServer;
syncBuiltinESMExports();

const { startOpenAIFake } = await import("../test/fakes/openai-fake.ts");
const fake = await startOpenAIFake();
// The fake's own record of every request is never read here.
setInterval(() => (fake.requests.length = 0), 1000).unref();
process.on("disconnect", () => process.exit(0));
process.send?.({ url: fake.url });
