export { createDemoAdapter, type DemoAdapterOptions } from "./create-demo-adapter.ts";
export { exampleForSchema } from "./example-for-schema.ts";
