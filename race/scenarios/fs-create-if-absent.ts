import fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fsTrial } from '../fs-trial.js';
import type { Scenario } from '../scenario.js';

interface Input { file: string; renderer: string }

/** Contents whose write to disk completed in this worker: each caller writes its own, so one per caller. */
const completedWrites = new Set<string>();

/**
 * Runs in each worker before the module under test is imported: counts the `writeFile` calls that completed,
 * by content. `syncBuiltinESMExports` makes `import { writeFile } from 'node:fs/promises'` see the wrapper.
 */
export function countWrites(): void {
  const original = fs.promises.writeFile;
  fs.promises.writeFile = async function writeFile(...args: Parameters<typeof original>) {
    await original(...args);
    completedWrites.add(String(args[1]));
  } as typeof original;
  syncBuiltinESMExports();
}

/** Runs in a worker thread: whether this caller's rendering was written to the file. */
export async function call(subject: Record<string, unknown>, input: Input): Promise<boolean> {
  await (subject.ensureInvoice as (file: string, orderId: string, renderer: string) => Promise<void>)(input.file, 'ord_1', input.renderer);
  return completedWrites.has(JSON.stringify({ orderId: 'ord_1', renderer: input.renderer }));
}

export const scenario: Scenario = {
  name: 'fs-create-if-absent',
  rule: 'no-check-then-act',
  messageId: 'checkThenCreateFile',
  fix: { kind: 'autofix' },
  fixKind: "writeFile { flag: 'wx' }, ignore EEXIST",
  services: [],
  async start(env, modulePath) {
    return fsTrial<Input, boolean>({
      driverUrl: import.meta.url,
      callName: 'call',
      setupName: 'countWrites',
      modulePath,
      async prepare(repetition) {
        const dir = path.join(env.tmpDir, `fs-create-${path.basename(modulePath)}-${repetition}`);
        await mkdir(dir);
        return Array.from({ length: env.callers }, (_, index) => ({ file: path.join(dir, 'invoice.json'), renderer: `run-${repetition}-caller-${index}` }));
      },
      // One invoice may be written; every further completed write replaced the one already sent.
      count(outcomes) {
        const failed = outcomes.find((outcome) => 'error' in outcome);
        if (failed && 'error' in failed) throw new Error(`unexpected error from a caller: ${failed.error}`);
        const written = outcomes.filter((outcome) => 'value' in outcome && outcome.value).length;
        return { 'duplicate files': Math.max(0, written - 1) };
      },
    });
  },
};
