/**
 * A sweep worker (a child process): checks the batches of files its parent sends and reports each file
 * before and after, so that the parent knows which file hung or killed it.
 */
import { Linter } from 'eslint';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkFile, type FileOutcome } from './check-file.js';
import { checkConfigs, type RacePlugin, type SweepMode } from './configs.js';
import { createPackageProgram } from './programs.js';

export interface BatchRequest {
  readonly mode: SweepMode;
  readonly files: readonly string[];
  readonly pluginEntry: string;
  /** Fixed copies go here, under the file's path relative to `root`. */
  readonly fixedDirectory: string;
  readonly root: string;
}

export type WorkerMessage =
  | { readonly type: 'start'; readonly file: string }
  | { readonly type: 'done'; readonly outcome: FileOutcome }
  | { readonly type: 'idle' };

const send = (message: WorkerMessage) => process.send!(message);
const linter = new Linter({ configType: 'flat' });
let plugin: RacePlugin | undefined;

async function runBatch(request: BatchRequest): Promise<void> {
  plugin ??= ((await import(pathToFileURL(request.pluginEntry).href)) as { default: RacePlugin }).default;
  const program = request.mode === 'typed' ? createPackageProgram(request.files) : undefined;
  for (const file of request.files) {
    send({ type: 'start', file });
    const text = readFileSync(file, 'utf8');
    const outcome = checkFile(linter, checkConfigs(request.mode, plugin, file, text, program), file, text);
    if (outcome.fix?.output !== undefined) {
      if (outcome.fix.changed) {
        const copy = path.join(request.fixedDirectory, path.relative(request.root, file));
        mkdirSync(path.dirname(copy), { recursive: true });
        writeFileSync(copy, outcome.fix.output);
      }
      send({ type: 'done', outcome: { ...outcome, fix: { ...outcome.fix, output: undefined } } });
    } else send({ type: 'done', outcome });
  }
  send({ type: 'idle' });
}

process.on('message', (request: BatchRequest) => {
  runBatch(request).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
