import { createApp } from "./create-app.ts";

export default createApp();
