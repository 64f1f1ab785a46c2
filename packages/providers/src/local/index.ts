export { createLocalAdapter, LOCAL_PLACEHOLDER_API_KEY } from "./create-local-adapter.ts";
