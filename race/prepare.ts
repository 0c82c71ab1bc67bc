/**
 * The plugin's side of a run, in a worker thread: for each scenario, the racy source and the source the plugin
 * fixed are written and transpiled, and at the end one type-check covers them all. Linting and type-checking
 * are long synchronous computations; in a worker they overlap the trials without stalling their event loop
 * (a stalled loop would fire the trials' deadlines late and miscount).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import ts from 'typescript';
import type { FixRequest } from './scenario.js';

export interface PrepareRequest {
  readonly name: string;
  readonly rule: string;
  readonly ruleOptions: readonly unknown[];
  readonly messageId: string;
  readonly fix: FixRequest;
}

export interface Variant {
  readonly tsPath: string;
  readonly jsPath: string;
}

export interface Prepared {
  readonly name: string;
  readonly racy: Variant;
  readonly fixed: Variant | undefined;
  /** Why there is no fixed variant, or what is wrong with it. */
  readonly problem: string;
  /** The suggestion's description, or "autofix". */
  readonly applied: string;
}

type Message = { kind: 'prepared'; prepared: Prepared } | { kind: 'typeErrors'; errors: [string, string[]][] } | { kind: 'failed'; error: string };

/** Starts the worker; each scenario's promise settles as soon as that scenario is fixed. */
export function startPreparation(requests: readonly PrepareRequest[], outDir: string): {
  prepared: Map<string, Promise<Prepared>>;
  typeErrors: Promise<Map<string, string[]>>;
  stop: () => Promise<void>;
} {
  const settle = new Map<string, { resolve: (value: Prepared) => void; reject: (error: Error) => void }>();
  const prepared = new Map(
    requests.map((request) => [request.name, new Promise<Prepared>((resolve, reject) => settle.set(request.name, { resolve, reject }))]),
  );
  let typeErrorsSettle: { resolve: (value: Map<string, string[]>) => void; reject: (error: Error) => void } | undefined;
  const typeErrors = new Promise<Map<string, string[]>>((resolve, reject) => (typeErrorsSettle = { resolve, reject }));
  // Awaited later; a failure must not surface as an unhandled rejection while trials run.
  for (const promise of [...prepared.values(), typeErrors]) promise.catch(() => {});

  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(import.meta.url)}); })();`;
  const worker = new Worker(boot, { eval: true, workerData: { requests, outDir } });
  const failAll = (error: Error) => {
    for (const { reject } of settle.values()) reject(error);
    typeErrorsSettle?.reject(error);
  };
  worker.on('message', (message: Message) => {
    if (message.kind === 'prepared') settle.get(message.prepared.name)?.resolve(message.prepared);
    else if (message.kind === 'typeErrors') typeErrorsSettle?.resolve(new Map(message.errors));
    else failAll(new Error(message.error));
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the preparation worker exited early')));
  return { prepared, typeErrors, stop: async () => void (await worker.terminate()) };
}

/** Type errors of the written sources, by file: a fix must keep the program type-correct. */
function typeErrorsOf(files: readonly string[], scenariosDir: string): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(scenariosDir, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, scenariosDir);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '';
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const text = `${path.basename(file)}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    errors.set(path.resolve(file), [...(errors.get(path.resolve(file)) ?? []), text]);
  }
  return errors;
}

async function writeVariant(outDir: string, name: string, variant: 'racy' | 'fixed', source: string): Promise<{ tsPath: string; jsPath: string }> {
  const tsPath = path.join(outDir, `${name}.${variant}.ts`);
  const jsPath = path.join(outDir, `${name}.${variant}.mjs`);
  await writeFile(tsPath, source);
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, experimentalDecorators: true, emitDecoratorMetadata: true },
    fileName: tsPath,
  });
  await writeFile(jsPath, outputText);
  return { tsPath, jsPath };
}

async function prepareAll(requests: readonly PrepareRequest[], outDir: string, port: NonNullable<typeof parentPort>): Promise<void> {
  const { FixFailure, fixWithPlugin, scenariosDir } = await import('./fix.js');
  const { readFile } = await import('node:fs/promises');
  const written: string[] = [];
  for (const request of requests) {
    const sourcePath = path.join(scenariosDir, `${request.name}.ts`);
    const source = await readFile(sourcePath, 'utf8');
    const racy = await writeVariant(outDir, request.name, 'racy', source);
    written.push(racy.tsPath);
    let fixed: Variant | undefined;
    let problem = '';
    let applied = '';
    try {
      const outcome = await fixWithPlugin({ rule: request.rule, options: request.ruleOptions }, request.messageId, request.fix, source, sourcePath);
      fixed = await writeVariant(outDir, request.name, 'fixed', outcome.fixed);
      written.push(fixed.tsPath);
      applied = outcome.applied;
    } catch (error) {
      if (!(error instanceof FixFailure)) throw error;
      problem = error.message;
    }
    port.postMessage({ kind: 'prepared', prepared: { name: request.name, racy, fixed, problem, applied } } satisfies Message);
  }
  port.postMessage({ kind: 'typeErrors', errors: [...typeErrorsOf(written, scenariosDir)] } satisfies Message);
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { requests, outDir } = workerData as { requests: PrepareRequest[]; outDir: string };
  await prepareAll(requests, outDir, port).catch((error: unknown) =>
    port.postMessage({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Message),
  );
}
