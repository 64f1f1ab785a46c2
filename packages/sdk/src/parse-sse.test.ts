import { describe, expect, it } from "vitest";
import { parseSse, parseSseEvents } from "./parse-sse.ts";

/** A body that delivers the given byte pieces, one per read, as a network would. */
function bodyOf(pieces: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
    cancel: onCancel,
  }, { highWaterMark: 0 }); // pulled only when read, so the source is still open when the caller stops
}

async function parse(pieces: Uint8Array[]): Promise<string[]> {
  const events: string[] = [];
  for await (const data of parseSse(bodyOf(pieces))) events.push(data);
  return events;
}

const bytes = (text: string) => new TextEncoder().encode(text);

const WIRE = ': connected\r\n\r\ndata: {"text":"Hé 👋"}\r\n\r\n: ping\r\n\r\nevent: message\r\nid: 7\r\ndata: a\r\ndata: b\r\n\r\ndata:[DONE]\r\n\r\n';
const EVENTS = ['{"text":"Hé 👋"}', "a\nb", "[DONE]"];

describe("parseSse", () => {
  it("yields the same events wherever the body is cut in two", async () => {
    const all = bytes(WIRE);
    for (let cut = 0; cut <= all.length; cut++) {
      expect(await parse([all.subarray(0, cut), all.subarray(cut)]), `cut at byte ${cut}`).toEqual(EVENTS);
    }
  });

  it("yields the same events when every byte is its own read", async () => {
    const all = bytes(WIRE);
    expect(await parse(Array.from(all, (byte) => Uint8Array.of(byte)))).toEqual(EVENTS);
  });

  it("accepts \\n and lone \\r line endings", async () => {
    expect(await parse([bytes("data: one\n\ndata: two\r\rdata: three\n\r\n")])).toEqual(["one", "two", "three"]);
  });

  it("keeps a last event whose blank line was trimmed", async () => {
    expect(await parse([bytes("data: one\n\ndata: [DONE]")])).toEqual(["one", "[DONE]"]);
  });

  it("keeps data that itself holds colons and a second space", async () => {
    expect(await parse([bytes('data:  {"a":"b:c"}\n\n')])).toEqual([' {"a":"b:c"}']);
  });

  it("cancels the body when the caller stops reading", async () => {
    let cancelled = false;
    const body = bodyOf([bytes("data: one\n\ndata: two\n\n")], () => (cancelled = true));

    for await (const data of parseSse(body)) {
      expect(data).toBe("one");
      break;
    }

    expect(cancelled).toBe(true);
  });
});

describe("parseSseEvents", () => {
  it("keeps each event's `id:` and `event:` beside its data, wherever the body is cut", async () => {
    const all = bytes("id: 1\nevent: job.started\ndata: {}\n\n: keep-alive\n\nid: 2\ndata: x\n\n");
    for (let cut = 0; cut <= all.length; cut++) {
      const events = [];
      for await (const event of parseSseEvents(bodyOf([all.subarray(0, cut), all.subarray(cut)]))) events.push({ ...event });
      expect(events, `cut at byte ${cut}`).toEqual([{ id: "1", event: "job.started", data: "{}" }, { id: "2", event: undefined, data: "x" }]);
    }
  });
});
