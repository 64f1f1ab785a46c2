export { ADAPTER_FACTORIES } from "./adapter-factories.ts";
export { createDemoAdapter, exampleForSchema } from "./demo/index.ts";
