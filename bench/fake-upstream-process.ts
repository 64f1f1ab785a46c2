/**
 * Child process serving the OpenAI fake, so the fake and the load generator
 * never share an event loop. Reports its URL to the parent over IPC and exits
 * when the parent disconnects.
 */
import { startOpenAIFake } from "../test/fakes/openai-fake.ts";

const fake = await startOpenAIFake();
// The fake records every request for the tests; the benchmark never reads the
// record, and letting it grow would tax whichever party runs last.
setInterval(() => (fake.requests.length = 0), 1000).unref();
process.on("disconnect", () => process.exit(0));
process.send?.({ url: fake.url });
