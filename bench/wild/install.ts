/**
 * Dependencies for the typed run: installed into the materialised tree (in the cache, outside this project)
 * with the repository's own package manager from the npm registry, scripts off. Prisma clients are generated
 * without engines: the engines cannot be downloaded here, and the types need none.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface InstallStatus {
  readonly ok: boolean;
  /** The command that ran, or why none did. */
  readonly how: string;
  /** Prisma schemas whose client was generated, and those that failed with the first line of the error. */
  readonly prisma: ReadonlyArray<{ readonly schema: string; readonly ok: boolean; readonly error?: string }>;
  readonly error?: string;
  readonly seconds: number;
}

const STATUS = '.race-wild-install.json';

export const readInstallStatus = (root: string): InstallStatus | undefined =>
  existsSync(path.join(root, STATUS)) ? (JSON.parse(readFileSync(path.join(root, STATUS), 'utf8')) as InstallStatus) : undefined;

/** The package manager and version the repository declares, or the one its lock file implies. */
function packageManager(root: string): { name: 'npm' | 'pnpm' | 'yarn'; version: string } {
  const declared = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { packageManager?: string }).packageManager;
  const match = declared ? /^(npm|pnpm|yarn)@([^+]+)/.exec(declared) : null;
  if (match) return { name: match[1] as 'npm' | 'pnpm' | 'yarn', version: match[2]! };
  if (existsSync(path.join(root, 'pnpm-lock.yaml'))) return { name: 'pnpm', version: '9' };
  if (existsSync(path.join(root, 'yarn.lock'))) return { name: 'yarn', version: '1' };
  return { name: 'npm', version: '' };
}

function installCommand(root: string): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const manager = packageManager(root);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', HUSKY: '0', npm_config_ignore_scripts: 'true' };
  switch (manager.name) {
    case 'pnpm':
      // pnpm 11 needs a newer Node than 20; pnpm 10 reads the same lock files.
      return { command: 'npx', args: ['--yes', `pnpm@${Number(manager.version.split('.')[0]) >= 11 ? '10' : manager.version}`, 'install', '--ignore-scripts', '--no-frozen-lockfile', '--config.confirmModulesPurge=false'], env };
    case 'yarn':
      // Yarn 2+ comes from the npm registry through corepack's npm mirror setting.
      if (!manager.version.startsWith('1')) {
        const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/$/, '');
        return {
          command: 'corepack',
          args: [`yarn@${manager.version}`, 'install', '--mode=skip-build'],
          env: { ...env, COREPACK_NPM_REGISTRY: registry, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
        };
      }
      return { command: 'npx', args: ['--yes', 'yarn@1', 'install', '--ignore-scripts', '--ignore-engines', '--non-interactive'], env };
    case 'npm':
      return { command: 'npm', args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps'], env };
  }
}

/** Prisma schemas of the repository (a `schema.prisma` file, or a `prisma/schema` folder of several files). */
function prismaSchemas(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(directory, entry.name);
      if (entry.name === 'prisma') {
        if (existsSync(path.join(full, 'schema.prisma'))) found.push(path.join(full, 'schema.prisma'));
        else if (existsSync(path.join(full, 'schema'))) found.push(path.join(full, 'schema'));
        for (const inner of readdirSync(full, { withFileTypes: true })) {
          const nested = path.join(full, inner.name, 'schema.prisma');
          if (inner.isDirectory() && existsSync(nested)) found.push(nested);
        }
      }
      walk(full);
    }
  };
  walk(root);
  return found;
}

/** The package folder that has `prisma` installed, nearest to the schema. */
function prismaBinary(root: string, schema: string): string | undefined {
  for (let directory = path.dirname(schema); directory.startsWith(root); directory = path.dirname(directory)) {
    const binary = path.join(directory, 'node_modules', '.bin', 'prisma');
    if (existsSync(binary)) return binary;
    if (directory === root) break;
  }
  return undefined;
}

/** The installed Prisma's major and minor version, read from its package.json beside the binary's target. */
function prismaVersion(binary: string): [number, number] | undefined {
  const manifest = path.join(path.dirname(binary), '..', 'prisma', 'package.json');
  if (!existsSync(manifest)) return undefined;
  const [major, minor] = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.').map(Number);
  return major === undefined || minor === undefined ? undefined : [major, minor];
}

function generatePrisma(root: string, cache: string, timeoutMs: number): InstallStatus['prisma'] {
  // An empty executable stands in for the engines (Prisma 6 wants both variables, Prisma 7 the first).
  const engine = path.join(cache, 'empty-engine');
  if (!existsSync(engine)) writeFileSync(engine, '');
  chmodSync(engine, 0o755);
  // Prisma 4 names the schema engine the migration engine and wants a binary engine and a formatter too.
  const engines = ['PRISMA_SCHEMA_ENGINE_BINARY', 'PRISMA_QUERY_ENGINE_LIBRARY', 'PRISMA_MIGRATION_ENGINE_BINARY', 'PRISMA_QUERY_ENGINE_BINARY', 'PRISMA_FMT_BINARY', 'PRISMA_INTROSPECTION_ENGINE_BINARY'];
  const env = { ...process.env, ...Object.fromEntries(engines.map((name) => [name, engine])), PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  return prismaSchemas(root).map((schema) => {
    const relative = path.relative(root, schema);
    const binary = prismaBinary(root, schema);
    if (!binary) return { schema: relative, ok: false, error: 'prisma is not installed next to the schema' };
    // `--no-engine` came with Prisma 5.2; older versions generate the same types without it.
    const version = prismaVersion(binary);
    const noEngine = version !== undefined && (version[0] > 5 || (version[0] === 5 && version[1] >= 2)) ? ['--no-engine'] : [];
    try {
      execFileSync(binary, ['generate', '--schema', schema, ...noEngine], { cwd: path.resolve(binary, '..', '..', '..'), env, stdio: 'pipe', timeout: timeoutMs });
      return { schema: relative, ok: true };
    } catch (error) {
      const output = `${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}${(error as Error).message}`;
      return { schema: relative, ok: false, error: output.split('\n').find((line) => /error/i.test(line))?.trim() ?? output.split('\n')[0] };
    }
  });
}

/** Installs once; a second call returns the recorded status. */
export function install(root: string, cache: string, timeoutMs: number): InstallStatus {
  const known = readInstallStatus(root);
  if (known && known.ok && known.prisma.some((schema) => !schema.ok)) {
    // The install stays; only the clients that failed are generated again (after a fix of this script).
    const retried = { ...known, prisma: generatePrisma(root, cache, timeoutMs) };
    writeFileSync(path.join(root, STATUS), `${JSON.stringify(retried, null, 2)}\n`);
    return retried;
  }
  if (known) return known;
  const started = performance.now();
  const { command, args, env } = installCommand(root);
  const how = `${command} ${args.join(' ')}`;
  let status: InstallStatus;
  try {
    execFileSync(command, args, { cwd: root, env, stdio: 'pipe', timeout: timeoutMs, maxBuffer: 1 << 28 });
    status = { ok: true, how, prisma: generatePrisma(root, cache, timeoutMs), seconds: Math.round((performance.now() - started) / 1000) };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    const cause = stderr.split('\n').find((line) => /ERR|error/i.test(line))?.trim() ?? (error as Error).message.split('\n')[0];
    status = { ok: false, how, prisma: [], error: cause, seconds: Math.round((performance.now() - started) / 1000) };
  }
  writeFileSync(path.join(root, STATUS), `${JSON.stringify(status, null, 2)}\n`);
  return status;
}
