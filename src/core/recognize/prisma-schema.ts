import fs from 'node:fs';
import path from 'node:path';

/**
 * The unique keys the application's Prisma schema declares, read from its `.prisma` files: a create whose key is
 * one of them cannot write a duplicate, the database refuses it (`P2002`). The schema is found from the linted
 * file upward, within the project (the folders up to the one holding `.git`, a lockfile or
 * `pnpm-workspace.yaml`), never inside `node_modules`: `schema.prisma`, `prisma/schema.prisma`, or the
 * multi-file form `prisma/schema/*.prisma`.
 */

export interface PrismaSchema {
  /** Model name, lower case → each unique key as its field names (`@id`, `@unique`, `@@id`, `@@unique`). */
  readonly uniques: ReadonlyMap<string, readonly (readonly string[])[]>;
}

const PROJECT_ROOT_MARKERS = ['.git', 'pnpm-workspace.yaml', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb'];

/** Schema files per folder searched (a folder's answer holds for the whole lint run). */
const schemaFilesOfFolder = new Map<string, readonly string[]>();
/** Parsed files by path, kept while their modification time is unchanged (editors relint after a change). */
const parsedFiles = new Map<string, { readonly mtimeMs: number; readonly uniques: Map<string, string[][]> }>();

/** The schema that applies to `filename`, or `undefined` when none is found. */
export function prismaSchemaFor(filename: string): PrismaSchema | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const files = schemaFilesFrom(path.dirname(filename));
  if (files.length === 0) return undefined;
  const uniques = new Map<string, string[][]>();
  for (const file of files) {
    for (const [model, keys] of parsedFile(file)) uniques.set(model, [...(uniques.get(model) ?? []), ...keys]);
  }
  return { uniques };
}

/** Whether `fields` (the key a check looked for and the create writes) include a whole unique key of `model`. */
export function coversUniqueKey(schema: PrismaSchema, model: string, fields: readonly string[]): boolean {
  const keys = schema.uniques.get(model.toLowerCase());
  return keys?.some((key) => key.every((field) => fields.includes(field))) ?? false;
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

function schemaFilesIn(folder: string): readonly string[] {
  for (const candidate of [path.join(folder, 'schema.prisma'), path.join(folder, 'prisma', 'schema.prisma')]) {
    if (isFile(candidate)) return [candidate];
  }
  const multiFile = path.join(folder, 'prisma', 'schema');
  try {
    return fs
      .readdirSync(multiFile)
      .filter((name) => name.endsWith('.prisma'))
      .sort()
      .map((name) => path.join(multiFile, name));
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function parsedFile(file: string): Map<string, string[][]> {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return new Map();
  }
  const cached = parsedFiles.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.uniques;
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // unreadable: no keys
  }
  const uniques = parseUniqueKeys(text);
  parsedFiles.set(file, { mtimeMs, uniques });
  return uniques;
}

/** `model User { email String @unique … @@unique([a, b]) }` → `user → [['email'], ['a', 'b']]`. */
export function parseUniqueKeys(text: string): Map<string, string[][]> {
  const uniques = new Map<string, string[][]>();
  const source = text.replace(/\/\/.*$/gm, '');
  for (const model of source.matchAll(/\bmodel\s+(\w+)\s*\{([^}]*)\}/g)) {
    const keys: string[][] = [];
    for (const rawLine of model[2]!.split('\n')) {
      const line = rawLine.trim();
      const block = /^@@(?:id|unique)\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/.exec(line);
      if (block) {
        keys.push(block[1]!.split(',').map((field) => field.replace(/\(.*$/, '').trim()).filter(Boolean));
        continue;
      }
      const field = /^(\w+)\s+\S+(.*)$/.exec(line);
      if (field && /@(?:id|unique)\b/.test(field[2]!.replace(/@@\w+/g, ''))) keys.push([field[1]!]);
    }
    uniques.set(model[1]!.toLowerCase(), keys);
  }
  return uniques;
}
