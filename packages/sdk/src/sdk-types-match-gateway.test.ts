import type * as core from "@chorus/core";
import { errorTypeForStatus as coreErrorTypeForStatus, parseRetryAfter } from "@chorus/core";
import { describe, expect, expectTypeOf, it } from "vitest";
// The gateway's own shapes of these answers; the files, not the package index, so no D1 types come along.
import type { OwnKeySummary } from "../../db/src/queries/own-key-types.ts";
import type { UserSettings } from "../../db/src/queries/user-settings-types.ts";
import type * as sdk from "./index.ts";
import { errorTypeForStatus } from "./error-type-for-status.ts";
import { retryAfterSeconds } from "./retry-after-seconds.ts";

// The published SDK writes out the wire shapes instead of depending on the gateway's core (which is not published).
// These checks run in `npm run typecheck`: a shape changed on one side only fails it, naming the type.
describe("the SDK's types are the gateway's", () => {
  it("chat and embeddings", () => {
    expectTypeOf<sdk.ChatMessage>().toEqualTypeOf<core.ChatMessage>();
    expectTypeOf<sdk.ContentPart>().toEqualTypeOf<core.ContentPart>();
    expectTypeOf<sdk.FunctionTool>().toEqualTypeOf<core.FunctionTool>();
    expectTypeOf<sdk.ToolChoice>().toEqualTypeOf<core.ToolChoice>();
    expectTypeOf<sdk.ResponseFormat>().toEqualTypeOf<core.ResponseFormat>();
    expectTypeOf<sdk.ChorusChatRequest>().toEqualTypeOf<Omit<core.ChatRequest, "stream">>();
    expectTypeOf<sdk.ChorusEmbeddingRequest>().toEqualTypeOf<core.EmbeddingRequest>();
    expectTypeOf<sdk.ChatCompletion>().toEqualTypeOf<core.ChatCompletion>();
    expectTypeOf<sdk.ChatCompletionChunk>().toEqualTypeOf<core.ChatCompletionChunk>();
    expectTypeOf<sdk.EmbeddingResponse>().toEqualTypeOf<core.EmbeddingResponse>();
  });

  it("prompt templates", () => {
    expectTypeOf<sdk.PromptMessage>().toEqualTypeOf<core.PromptMessage>();
    expectTypeOf<sdk.PromptLabelTarget>().toEqualTypeOf<core.PromptLabelTarget>();
    expectTypeOf<sdk.PromptView>().toEqualTypeOf<core.PromptView>();
    expectTypeOf<sdk.PromptSummary>().toEqualTypeOf<core.PromptSummary>();
    expectTypeOf<sdk.RenderedPrompt>().toEqualTypeOf<core.RenderedPrompt>();
    expectTypeOf<sdk.PromptRef>().toEqualTypeOf<core.PromptRef>();
  });

  it("personas and sessions", () => {
    expectTypeOf<sdk.Persona>().toEqualTypeOf<core.Persona>();
    expectTypeOf<sdk.PersonaDraft>().toEqualTypeOf<core.PersonaDraft>();
    // Core's card is an intersection with an index signature, which exact equality cannot compare: assignable both ways.
    expectTypeOf<sdk.CharacterCardV2>().toExtend<core.CharacterCardV2>();
    expectTypeOf<core.CharacterCardV2>().toExtend<sdk.CharacterCardV2>();
    expectTypeOf<sdk.SessionInfo>().toEqualTypeOf<core.SessionInfo>();
    expectTypeOf<sdk.SessionMessage>().toEqualTypeOf<core.SessionMessage>();
    expectTypeOf<sdk.CreateSessionBody>().toEqualTypeOf<core.CreateSessionBody>();
    expectTypeOf<sdk.PatchSessionBody>().toEqualTypeOf<core.PatchSessionBody>();
    expectTypeOf<sdk.PostSessionMessageBody>().toEqualTypeOf<Omit<core.PostSessionMessageBody, "stream">>();
  });

  it("pipelines and jobs", () => {
    expectTypeOf<sdk.JobStatus>().toEqualTypeOf<core.JobStatus>();
    expectTypeOf<sdk.JobEventType>().toEqualTypeOf<core.JobEventType>();
    expectTypeOf<sdk.JobInfo>().toEqualTypeOf<core.JobInfo>();
    expectTypeOf<sdk.JobRoute>().toEqualTypeOf<core.JobRoute>();
    expectTypeOf<sdk.JobUsage>().toEqualTypeOf<core.JobUsage>();
    expectTypeOf<sdk.JobQuality>().toEqualTypeOf<core.JobQuality>();
    expectTypeOf<sdk.CreateJobBody>().toEqualTypeOf<(typeof core.createJobSchema)["_zod"]["input"]>();
    expectTypeOf<sdk.JobReview>().toEqualTypeOf<core.Review>();
    // The SDK's event names any type, so a newer gateway's events reach the caller: every gateway event is one.
    expectTypeOf<core.JobEvent["id"]>().toEqualTypeOf<sdk.JobEvent["id"]>();
    expectTypeOf<core.JobEvent["type"]>().toExtend<sdk.JobEvent["type"]>();
    expectTypeOf<sdk.PipelineInfo["input"]>().toEqualTypeOf<core.Pipeline["input"]>();
    expectTypeOf<sdk.PipelineInfo["description"]>().toEqualTypeOf<core.Pipeline["description"]>();
    expectTypeOf<sdk.PipelineInfo["stages"][number]["workers"][number]["kind"]>().toEqualTypeOf<core.PipelineWorker["kind"]>();
    expectTypeOf<NonNullable<sdk.PipelineInfo["supervisor"]>>().toEqualTypeOf<Pick<core.PipelineSupervisor, "threshold" | "maxRevisions">>();
  });

  // Usage days and key tests are typed in modules that bring D1 or Worker types along; the e2e test checks them on the wire.
  it("settings and own keys", () => {
    expectTypeOf<sdk.ChorusSettings>().toEqualTypeOf<UserSettings>();
    // The gateway's provider is a union of its ids; the SDK takes any string so a newer gateway's providers need no new SDK.
    expectTypeOf<OwnKeySummary>().toExtend<sdk.ChorusOwnKey>();
  });
});

describe("the SDK's error helpers read answers as the gateway writes them", () => {
  it("pairs every status with the gateway's error type", () => {
    for (let status = 100; status < 600; status++) expect(errorTypeForStatus(status), `status ${status}`).toBe(coreErrorTypeForStatus(status));
  });

  it("reads Retry-After as the gateway's parser does, in whole seconds rounded up", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    for (const value of ["0", "1", "2.5", "120", "Thu, 01 Jan 2026 00:01:30 GMT", "Wed, 31 Dec 2025 23:00:00 GMT", "soon", ""]) {
      const headers = new Headers({ "retry-after": value });
      const ms = parseRetryAfter(headers, now);
      expect(retryAfterSeconds(headers, now), value).toBe(ms === undefined ? undefined : Math.ceil(ms / 1000));
    }
  });
});
