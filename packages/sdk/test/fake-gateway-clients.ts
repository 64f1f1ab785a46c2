import { afterEach } from "vitest";
import { createChorusClient } from "../src/create-chorus-client.ts";
import { startFakeGateway, type FakeGateway, type GatewayHandler, type ReceivedRequest } from "./start-fake-gateway.ts";

/** Clients of a fresh fake gateway per test, each gateway closed after its test. */
export function fakeGatewayClients(): { clientFor(handler: GatewayHandler): Promise<ReturnType<typeof createChorusClient>>; readonly requests: ReceivedRequest[] } {
  let gateway: FakeGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });
  return {
    async clientFor(handler) {
      gateway = await startFakeGateway(handler);
      return createChorusClient({ baseURL: gateway.url, token: "ck_test" });
    },
    /** What the current test's gateway received. */
    get requests() {
      return gateway!.requests;
    },
  };
}
