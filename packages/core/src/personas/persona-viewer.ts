/**
 * Whom a persona query answers to: the caller, and the workspace their
 * credential names (none: they see no shared personas and can share none).
 */
export interface PersonaViewer {
  userId: string;
  workspace?: string | undefined;
}
