import { personaNoWorkspace, systemPersonaShared, type PersonaViewer, type PersonaVisibility } from "@chorus/core";

export interface PersonaSharing {
  visibility: PersonaVisibility;
  workspaceId: string | null;
}

/**
 * Sharing as the writer asks for it: "workspace" shares with the writer's
 * workspace as their credential names it now (no workspace, no sharing).
 */
export function userSharing(visibility: PersonaVisibility, viewer: PersonaViewer): PersonaSharing {
  if (visibility === "private") return { visibility, workspaceId: null };
  if (viewer.workspace === undefined) throw personaNoWorkspace();
  return { visibility, workspaceId: viewer.workspace };
}

/** System personas are everyone's; they are never shared through a workspace. */
export function systemSharing(visibility: PersonaVisibility): PersonaSharing {
  if (visibility !== "private") throw systemPersonaShared();
  return { visibility, workspaceId: null };
}
