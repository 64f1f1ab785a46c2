import { expect } from "vitest";
import { call, type TestUser } from "../gateway-client.ts";

export const ADMIN_TOKEN_HEADERS = { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" };

export interface PersonaBody {
  id: string;
  ref: string;
  key: string;
  source: "system" | "user" | "workspace";
  name: string;
  role: string;
  avatar: string | null;
  systemPrompt: string;
  context: string;
  voice: string;
  knowledge: string[];
  constraints: string[];
  sampleQueries: string[];
  tags: string[];
  tools: string[];
  profile: string | null;
  visibility: "private" | "workspace";
  createdAt: string;
  updatedAt: string;
}

export interface ErrorBody {
  type: string;
  code: string;
  message: string;
  param: string | null;
}

/** A user no other test uses; `workspace` puts them in one (the org_id claim). */
export function newPersonaUser(label: string, workspace?: string): TestUser {
  return { sub: `${label}-${crypto.randomUUID()}`, plan: "free", emailVerified: true, ...(workspace && { workspace }) };
}

export function newWorkspace(label = "ws"): string {
  return `${label}-${crypto.randomUUID()}`;
}

export function newKey(label = "p"): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}`;
}

export function request(user: TestUser | null, method: string, path: string, body?: unknown): Promise<Response> {
  return call(path, body, { user, method });
}

export async function createPersonaAs(user: TestUser, fields: Record<string, unknown>): Promise<PersonaBody> {
  const res = await request(user, "POST", "/v1/personas", { name: "Test persona", ...fields });
  expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(201);
  return (await res.json()) as PersonaBody;
}

export async function errorOf(res: Response): Promise<ErrorBody> {
  return ((await res.json()) as { error: ErrorBody }).error;
}

export async function expectError(res: Response, status: number, code: string, param?: string | null): Promise<ErrorBody> {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  const error = (JSON.parse(text) as { error: ErrorBody }).error;
  expect(error.code).toBe(code);
  if (param !== undefined) expect(error.param).toBe(param);
  return error;
}

export async function listAs(user: TestUser, query = ""): Promise<PersonaBody[]> {
  const res = await request(user, "GET", `/v1/personas${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: PersonaBody[] }).data;
}

export const SYSTEM_KEYS = ["general", "maestro", "developer", "writer", "trip-planner", "document-assistant", "support-agent", "operations"];
