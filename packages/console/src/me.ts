import type { ChorusMe } from "@chorus/sdk";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Resource } from "./use-resource.ts";

/** `GET /v1/me` as the shell loaded it: who is signed in and whether AI answers now. */
export const MeContext = createContext<Resource<ChorusMe> | undefined>(undefined);

export function useMe(): Resource<ChorusMe> {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe: outside the signed-in shell");
  return me;
}
