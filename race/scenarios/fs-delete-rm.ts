import { deleteScenario, type DeleteInput } from '../fs-delete-scenario.js';

/** Runs in a worker thread. */
export const call = async (subject: Record<string, unknown>, input: DeleteInput): Promise<void> =>
  (subject.discardDraft as (dir: string, id: string) => Promise<void>)(input.dir, 'draft_7');

export const scenario = deleteScenario({
  name: 'fs-delete-rm',
  fixKind: 'rm { force: true }',
  fileName: 'draft_7.json',
  driverUrl: import.meta.url,
});
