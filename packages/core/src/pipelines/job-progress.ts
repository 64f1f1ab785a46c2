/**
 * A running job's progress, 0-99: each stage one unit, and the review one
 * more when there is a supervisor. 100 only when the job has succeeded.
 */
export function jobProgress(unitsDone: number, stageCount: number, supervised: boolean): number {
  const units = stageCount + (supervised ? 1 : 0);
  return Math.min(99, Math.floor((unitsDone / units) * 100));
}
