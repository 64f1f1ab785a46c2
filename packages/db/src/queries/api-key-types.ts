/** An API key as `GET /admin/api-keys` lists it: never the key or its hash. */
export interface ApiKeySummary {
  id: string;
  userId: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** `POST /admin/api-keys`'s answer: the only time `key` is ever seen. */
export interface CreatedApiKey {
  id: string;
  key: string;
  userId: string;
  name: string;
  createdAt: string;
}
