import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT_MARKERS } from './project-files.js';

/**
 * The unique keys the application's Prisma schema declares, read from its `.prisma` files: a create whose key is
 * one of them cannot write a duplicate, the database refuses it (`P2002`). The schema is found from the linted
 * file upward, within the project (the folders up to the one holding `.git`, a lockfile or
 * `pnpm-workspace.yaml`), never inside `node_modules`: `schema.prisma`, `prisma/schema.prisma`, the multi-file
 * form `prisma/schema/*.prisma`, and at the project's root the schema of a workspace package
 * (`packages/db/prisma/schema.prisma`, one per database provider: `packages/db/prisma/postgres/schema.prisma`,
 * or a database package holding it: `packages/database/schema.prisma`, `packages/database/schema/*.prisma`).
 */

export interface PrismaSchema {
  /** Model name, lower case → each unique key as its field names (`@id`, `@unique`, `@@id`, `@@unique`). */
  readonly uniques: ReadonlyMap<string, readonly (readonly string[])[]>;
  /**
   * The same without a single-field `@id`: the natural keys. An id is generated (`@default(cuid())`, or by the
   * application: `id: generateSecureId('invite')`), and a generated value is new each time, so it does not make
   * a repeated create fail.
   */
  readonly naturalKeys: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/** A monorepo's package folders. */
const WORKSPACE_FOLDERS = ['packages', 'internal-packages', 'apps', 'libs'];
const MAX_SCHEMA_BYTES = 2 * 1024 * 1024;

interface ParsedSchema {
  readonly uniques: Map<string, string[][]>;
  readonly naturalKeys: Map<string, string[][]>;
}

/** Schema files per folder searched (a folder's answer holds for the whole lint run). */
const schemaFilesOfFolder = new Map<string, readonly string[]>();
/** Parsed files by path, kept while their modification time is unchanged (editors relint after a change). */
const parsedFiles = new Map<string, { readonly mtimeMs: number; readonly parsed: ParsedSchema }>();

/** The schema that applies to `filename`, or `undefined` when none is found. */
export function prismaSchemaFor(filename: string): PrismaSchema | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const files = schemaFilesFrom(path.dirname(filename));
  if (files.length === 0) return undefined;
  const parsed = files.map(parsedFile);
  return { uniques: merged(parsed.map((file) => file.uniques)), naturalKeys: merged(parsed.map((file) => file.naturalKeys)) };
}

/** Whether `fields` (the key a check looked for and the create writes) include a whole unique key of `model`. */
export function coversUniqueKey(schema: PrismaSchema, model: string, fields: readonly string[]): boolean {
  const keys = schema.uniques.get(model.toLowerCase());
  return keys?.some((key) => key.every((field) => fields.includes(field))) ?? false;
}

/** The natural unique keys of `model` (matched without regard to case: `prisma.article` is model `Article`). */
export function naturalKeysOf(fromFile: string, model: string): readonly (readonly string[])[] {
  return prismaSchemaFor(fromFile)?.naturalKeys.get(model.toLowerCase()) ?? [];
}

/**
 * The keys of every file, by model. A model declared in several files (two applications of one monorepo) keeps
 * only the keys every declaration has: which application the linted file belongs to is not known.
 */
function merged(files: readonly Map<string, string[][]>[]): Map<string, string[][]> {
  const keys = new Map<string, string[][]>();
  for (const file of files) {
    for (const [model, own] of file) {
      const known = keys.get(model);
      keys.set(model, known ? known.filter((key) => own.some((other) => other.join() === key.join())) : own);
    }
  }
  return keys;
}

function schemaFilesFrom(start: string): readonly string[] {
  const visited: string[] = [];
  let found: readonly string[] = [];
  for (let folder = start; ; ) {
    if (folder.split(path.sep).includes('node_modules')) break;
    const known = schemaFilesOfFolder.get(folder);
    if (known) {
      found = known;
      break;
    }
    visited.push(folder);
    found = schemaFilesIn(folder);
    if (found.length > 0 || PROJECT_ROOT_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const folder of visited) schemaFilesOfFolder.set(folder, found);
  return found;
}

/** The folder's own schema, else the schemas of the workspace packages below it. */
function schemaFilesIn(folder: string): readonly string[] {
  for (const candidate of [path.join(folder, 'schema.prisma'), path.join(folder, 'prisma', 'schema.prisma')]) {
    if (isFile(candidate)) return [candidate];
  }
  const multiFile = prismaFiles(path.join(folder, 'prisma', 'schema'));
  return multiFile.length > 0 ? multiFile : workspaceSchemaFiles(folder);
}

/**
 * The schemas of a monorepo's packages: `<folder>/<package>/prisma/…` (`schema.prisma`, `schema/*.prisma`, or one
 * `schema.prisma` per provider folder), or a database package's own schema.
 */
function workspaceSchemaFiles(root: string): readonly string[] {
  const files: string[] = [];
  for (const folder of WORKSPACE_FOLDERS) {
    for (const name of entries(path.join(root, folder))) {
      const pkg = path.join(root, folder, name);
      const prisma = path.join(pkg, 'prisma');
      files.push(
        ...[path.join(prisma, 'schema.prisma'), path.join(pkg, 'schema.prisma')].filter(isFile),
        ...prismaFiles(path.join(prisma, 'schema')),
        ...prismaFiles(path.join(pkg, 'schema')),
        // One schema per database provider (`prisma/postgres/schema.prisma`, `prisma/sqlite/schema.prisma`):
        // a model keeps the keys every one declares.
        ...entries(prisma)
          .filter((name) => name !== 'schema' && name !== 'migrations')
          .map((name) => path.join(prisma, name, 'schema.prisma'))
          .filter(isFile),
      );
    }
  }
  return files;
}

function entries(folder: string): string[] {
  try {
    return fs.readdirSync(folder).sort();
  } catch {
    return [];
  }
}

const prismaFiles = (folder: string): string[] =>
  entries(folder)
    .filter((name) => name.endsWith('.prisma'))
    .map((name) => path.join(folder, name))
    .filter(isFile);

function isFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_SCHEMA_BYTES;
  } catch {
    return false;
  }
}

function parsedFile(file: string): ParsedSchema {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return { uniques: new Map(), naturalKeys: new Map() };
  }
  const cached = parsedFiles.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.parsed;
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // unreadable: no keys
  }
  const parsed = parseUniqueKeys(text);
  parsedFiles.set(file, { mtimeMs, parsed });
  return parsed;
}

/**
 * `model User { id String @id … email String @unique … @@unique([a, b]) }` →
 * uniques `user → [['id'], ['email'], ['a', 'b']]`, natural keys `user → [['email'], ['a', 'b']]`.
 */
function parseUniqueKeys(text: string): ParsedSchema {
  const uniques = new Map<string, string[][]>();
  const naturalKeys = new Map<string, string[][]>();
  const source = text.replace(/\/\/.*$/gm, '');
  for (const model of source.matchAll(/\bmodel\s+(\w+)\s*\{([^}]*)\}/g)) {
    const keys: string[][] = [];
    const natural: string[][] = [];
    for (const rawLine of model[2]!.split('\n')) {
      const line = rawLine.trim();
      // `@@unique([a, b])`, `@@id(fields: [userId, organizationId])`: made of the fields it joins.
      const block = /^@@(?:id|unique)\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/.exec(line);
      if (block) {
        const key = block[1]!.split(',').map((field) => field.replace(/\(.*$/, '').trim()).filter(Boolean);
        keys.push(key);
        natural.push(key);
        continue;
      }
      const field = /^(\w+)\s+\S+(.*)$/.exec(line);
      const attributes = field?.[2]!.replace(/@@\w+/g, '') ?? '';
      if (!field || !/@(?:id|unique)\b/.test(attributes)) continue;
      keys.push([field[1]!]);
      if (/@unique\b/.test(attributes) && !/@id\b/.test(attributes)) natural.push([field[1]!]);
    }
    uniques.set(model[1]!.toLowerCase(), keys);
    naturalKeys.set(model[1]!.toLowerCase(), natural);
  }
  return { uniques, naturalKeys };
}
