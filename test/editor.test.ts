/**
 * The plugin in an editor: ESLint's language server (`vscode-eslint-language-server`, the server of VS Code's
 * ESLint extension) driven over stdio as the extension drives it, on a copy of fixtures/editor-typed (a typed
 * project, with the README's ESLint config). Diagnostics, quick fixes, suggestions and `source.fixAll.eslint`
 * are checked on the text they produce; a warm re-lint after an edit is timed and its median printed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, removeTemporaryDirectories, repository, temporaryDirectory } from './built-cli.js';
import { linkPackage, readmeConfig, readmePackages } from './readme.js';

interface Position {
  readonly line: number;
  readonly character: number;
}
interface Range {
  readonly start: Position;
  readonly end: Position;
}
interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}
interface WorkspaceEdit {
  readonly changes?: Readonly<Record<string, readonly TextEdit[]>>;
  readonly documentChanges?: readonly { textDocument: { uri: string }; edits: readonly TextEdit[] }[];
}
interface Diagnostic {
  readonly range: Range;
  readonly code?: string | number;
  readonly source?: string;
  readonly severity?: number;
  readonly message: string;
}
interface Command {
  readonly command: string;
  readonly arguments?: unknown[];
}
interface CodeAction {
  readonly title: string;
  readonly kind?: string;
  readonly edit?: WorkspaceEdit;
  readonly command?: Command;
}
interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { message: string };
}

/**
 * The settings VS Code's ESLint extension answers `workspace/configuration` with, for a document it validates,
 * when the user has changed nothing (microsoft/vscode-eslint, client/src/client.ts): ESLint's flat config, run
 * on type, the default code action settings, no working directories (the server then takes the directory of
 * the nearest eslint.config.*).
 */
function extensionSettings(root: string): Record<string, unknown> {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: undefined,
    workspaceFolder: { name: path.basename(root), uri: pathToFileURL(root).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

/** The client capabilities the server looks at: pull diagnostics, code action literals, workspace edits. */
const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { didSave: true },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll', 'source.organizeImports'] },
      },
    },
  },
};

/** A JSON-RPC connection to the language server over its stdio, as an editor holds it. */
class LanguageServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  /** The edits the server asked the editor to apply (`workspace/applyEdit`), newest last. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** `window/logMessage` and `window/showMessage` texts, for failure messages. */
  readonly log: string[] = [];

  constructor(
    private readonly root: string,
    private readonly settings: Record<string, unknown>,
  ) {
    const server = createRequire(import.meta.url).resolve('vscode-langservers-extracted/bin/vscode-eslint-language-server');
    this.process = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    await new Promise((resolve) => this.process.once('exit', resolve));
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const waiting = this.pending.get(message.id!);
      this.pending.delete(message.id!);
      if (message.error) waiting?.reject(new Error(`${message.error.message}\n${this.log.join('')}`));
      else waiting?.resolve(message.result);
    } else if (message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) });
    } else if (message.method === 'window/logMessage' || message.method === 'window/showMessage') {
      this.log.push(`${(message.params as { message: string }).message}\n`);
    }
  }

  /** What the editor answers to the server's requests. */
  private answer(method: string, params: unknown): unknown {
    switch (method) {
      case 'workspace/configuration':
        return (params as { items: unknown[] }).items.map(() => this.settings);
      case 'workspace/applyEdit':
        this.appliedEdits.push((params as { edit: WorkspaceEdit }).edit);
        return { applied: true };
      case 'eslint/noLibrary':
      case 'eslint/noConfig':
      case 'eslint/probeFailed':
        this.log.push(`${method} ${JSON.stringify(params)}\n`);
        return {};
      default:
        // client/registerCapability, window/workDoneProgress/create, eslint/openDoc.
        return null;
    }
  }

  async initialize(): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.root).href,
      capabilities: CLIENT_CAPABILITIES,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: path.basename(this.root) }],
    });
    this.notify('initialized', {});
  }
}

/** The offset in `text` of an LSP position (UTF-16 code units, as JavaScript strings count). */
function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + position.character;
}

/** `text` with the edits for `uri` applied, as an editor applies a workspace edit. */
function applyEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  const edits = [...(edit.changes?.[uri] ?? []), ...(edit.documentChanges ?? []).filter((change) => change.textDocument.uri === uri).flatMap((change) => change.edits)];
  return edits
    .map((change) => ({ start: offsetAt(text, change.range.start), end: offsetAt(text, change.range.end), newText: change.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((result, change) => result.slice(0, change.start) + change.newText + result.slice(change.end), text);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const range = (line: number, character: number, endLine: number, endCharacter: number): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

/**
 * A copy of fixtures/editor-typed set up as the README says: the packages of its install line in node_modules
 * (with the project's own ioredis and @types/node) and its ESLint config, verbatim. Returns the config's path.
 */
function typedProject(): { root: string; configFile: string } {
  const root = path.join(temporaryDirectory(), 'editor-typed');
  cpSync(path.join(repository, 'fixtures', 'editor-typed'), root, { recursive: true });
  for (const name of [...readmePackages(), 'ioredis', '@types']) linkPackage(root, name);
  const { fileName, text } = readmeConfig();
  writeFileSync(path.join(root, fileName), text);
  return { root, configFile: path.join(root, fileName) };
}

describe('the ESLint language server (VS Code ESLint extension)', () => {
  let server: LanguageServer;
  let uri: string;
  let configUri: string;
  let configText: string;
  let original: string;
  let version = 1;

  beforeAll(async () => {
    ensureBuilt();
    const { root, configFile } = typedProject();
    configUri = pathToFileURL(configFile).href;
    configText = readFileSync(configFile, 'utf8');
    const file = path.join(root, 'src', 'store.ts');
    uri = pathToFileURL(file).href;
    original = readFileSync(file, 'utf8');
    server = new LanguageServer(root, extensionSettings(root));
    await server.initialize();
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text: original } });
  });

  afterAll(async () => {
    await server?.stop();
    removeTemporaryDirectories();
  });

  const diagnostics = async (document = uri): Promise<Diagnostic[]> =>
    (await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: document } })).items;

  const change = (text: string): void => server.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });

  const codeActions = (diagnostic: Diagnostic): Promise<CodeAction[]> =>
    server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 1 } });

  /** Runs a code action's command, as the editor does when the user picks it, and applies the server's edit. */
  async function pick(action: CodeAction | undefined, text: string): Promise<string> {
    expect(action?.command).toBeDefined();
    const applied = server.appliedEdits.length;
    await server.request('workspace/executeCommand', action!.command);
    expect(server.appliedEdits).toHaveLength(applied + 1);
    return applyEdit(text, server.appliedEdits.at(-1)!, uri);
  }

  it('reports each race with its rule and range, with type information', async () => {
    const found = await diagnostics();
    expect(found.map(({ code, range, source, severity }) => ({ code, range, source, severity }))).toEqual([
      { code: 'race/no-check-then-act', range: range(4, 7, 4, 22), source: 'eslint', severity: 1 },
      // Reported only with type information: `redis` is known as ioredis's client by its declared type.
      { code: 'race/no-read-modify-write', range: range(9, 8, 9, 43), source: 'eslint', severity: 1 },
      { code: 'race/require-lock-ttl', range: range(13, 22, 13, 58), source: 'eslint', severity: 1 },
    ]);
    expect(found[1]!.message).toContain('Use `incrby`, which changes the number on the server in one step.');
  });

  it('shows no problem in the ESLint config file itself, opened in the editor', async () => {
    server.notify('textDocument/didOpen', { textDocument: { uri: configUri, languageId: 'javascript', version: 1, text: configText } });
    expect((await diagnostics(configUri)).map((diagnostic) => diagnostic.message)).toEqual([]);
    server.notify('textDocument/didClose', { textDocument: { uri: configUri } });
  });

  it('offers the quick fix, which gives the atomic form', async () => {
    const [checkThenAct, readModifyWrite] = await diagnostics();
    const actions = await codeActions(readModifyWrite!);
    expect(actions.map((action) => `${action.kind} ${action.title}`)).toEqual([
      'quickfix Fix this race/no-read-modify-write problem',
      'quickfix Disable race/no-read-modify-write for this line',
      'quickfix Disable race/no-read-modify-write for the entire file',
      'quickfix Show documentation for race/no-read-modify-write',
      'quickfix Fix all auto-fixable problems',
    ]);
    const fixed = await pick(actions[0], original);
    expect(fixed).toContain(`export async function countVisit(redis: Redis, page: string): Promise<void> {
  await redis.incrby(page, 1);
}`);

    const mkdirFix = (await codeActions(checkThenAct!)).find((action) => action.title === 'Fix this race/no-check-then-act problem');
    expect(await pick(mkdirFix, original)).toContain(`import { promises as fs } from 'node:fs';
import type { Redis } from 'ioredis';

export async function ensureCache(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
}`);
  });

  it('offers the suggestions as code actions, which give the atomic form', async () => {
    const lockWithoutTtl = (await diagnostics())[2]!;
    const actions = await codeActions(lockWithoutTtl);
    const suggestion = 'Give the lock a TTL of `LOCK_TTL_MS` milliseconds (choose it longer than the work the lock guards). (race/require-lock-ttl)';
    expect(actions.map((action) => action.title)).toContain(suggestion);
    expect(await pick(actions.find((action) => action.title === suggestion), original)).toContain(`const LOCK_TTL_MS = 30_000;
export async function runAlone(redis: Redis, job: () => Promise<void>): Promise<void> {
  const taken = await redis.set('lock:job', 'owner', 'PX', LOCK_TTL_MS, 'NX');`);
  });

  it('fixes the file with source.fixAll.eslint, leaving what only a suggestion can change', async () => {
    await diagnostics();
    const [fixAll, ...others] = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: range(0, 0, 0, 0),
      context: { diagnostics: [], only: ['source.fixAll.eslint'], triggerKind: 2 },
    });
    expect(others).toEqual([]);
    expect(fixAll?.kind).toBe('source.fixAll.eslint');
    const fixed = applyEdit(original, fixAll!.edit!, uri);
    expect(fixed).toBe(
      original
        .replace("import { existsSync, promises as fs } from 'node:fs';", "import { promises as fs } from 'node:fs';")
        .replace('  if (!existsSync(dir)) await fs.mkdir(dir);', '  await fs.mkdir(dir, { recursive: true });')
        .replace('  const visits = await redis.get(page);\n  await redis.set(page, Number(visits) + 1);', '  await redis.incrby(page, 1);'),
    );

    change(fixed);
    expect((await diagnostics()).map(({ code, range }) => ({ code, range }))).toEqual([{ code: 'race/require-lock-ttl', range: range(12, 22, 12, 58) }]);
    change(original);
  });

  it('re-lints after an edit with the same results (warm; the median is printed)', async () => {
    await diagnostics();
    const times: number[] = [];
    for (let edit = 1; edit <= 11; edit++) {
      change(`${original}// edit ${edit}\n`);
      const started = performance.now();
      const found = await diagnostics();
      times.push(performance.now() - started);
      expect(found.map((diagnostic) => diagnostic.code)).toEqual(['race/no-check-then-act', 'race/no-read-modify-write', 'race/require-lock-ttl']);
    }
    console.log(`editor: warm re-lint after an edit, median ${median(times).toFixed(0)} ms of ${times.length} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  });
});
