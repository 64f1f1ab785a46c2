import type { FeatureConfig } from "@chorus/core";
import type { RequestScope } from "./request-scope.ts";

/** The feature `x-chorus-feature` names, if the profiles file defines it. */
export function featureOf(scope: RequestScope): { name: string; config: FeatureConfig } | undefined {
  const name = scope.hints.feature?.trim();
  const features = scope.config.profiles.features;
  if (!name || !features || !Object.hasOwn(features, name)) return undefined;
  return { name, config: features[name]! };
}
