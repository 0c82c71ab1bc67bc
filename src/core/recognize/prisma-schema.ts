import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The unique keys of the application's Prisma models, read from its `schema.prisma`: a `create` whose data sets
 * every field of one of them from the request (not from a fresh value) cannot run twice, since the repeat fails
 * on the constraint. The schema is looked for from the linted file's directory upwards (`schema.prisma`,
 * `prisma/schema.prisma`, `prisma/schema/*.prisma`), and in a monorepo in the workspaces' packages
 * (`packages/<name>/prisma/…`, or `packages/<name>/schema.prisma` and `schema/*.prisma` in a database package). A single `@id`
 * is left out: ids are generated, and a generated value is new each time.
 */
export type UniqueKeys = ReadonlyMap<string, readonly (readonly string[])[]>;

const byDirectory = new Map<string, UniqueKeys | null>();
const WORKSPACE_FOLDERS = ['packages', 'internal-packages', 'apps', 'libs'];
const MAX_SCHEMA_BYTES = 2 * 1024 * 1024;

/** The unique keys of `model` (matched without regard to case: `prisma.article` is model `Article`). */
export function uniqueKeysOf(fromFile: string, model: string): readonly (readonly string[])[] {
  const keys = schemaKeys(path.dirname(fromFile));
  return keys?.get(model.toLowerCase()) ?? [];
}

function schemaKeys(directory: string): UniqueKeys | undefined {
  const cached = byDirectory.get(directory);
  if (cached !== undefined) return cached ?? undefined;
  let found: UniqueKeys | undefined;
  const files = schemaFilesIn(directory);
  if (files.length > 0) found = parseSchemas(files);
  else {
    const parent = path.dirname(directory);
    found = parent === directory ? undefined : schemaKeys(parent);
  }
  byDirectory.set(directory, found ?? null);
  return found;
}

function schemaFilesIn(directory: string): string[] {
  const candidates = [path.join(directory, 'schema.prisma'), path.join(directory, 'prisma', 'schema.prisma'), ...prismaFiles(path.join(directory, 'prisma', 'schema'))];
  for (const folder of WORKSPACE_FOLDERS) {
    for (const name of entries(path.join(directory, folder))) {
      // `packages/db/prisma/schema.prisma`, or a database package holding the schema itself
      // (`packages/database/schema.prisma`, `packages/database/schema/*.prisma`).
      const pkg = path.join(directory, folder, name);
      const prisma = path.join(pkg, 'prisma');
      candidates.push(path.join(prisma, 'schema.prisma'), ...prismaFiles(path.join(prisma, 'schema')), path.join(pkg, 'schema.prisma'), ...prismaFiles(path.join(pkg, 'schema')));
    }
  }
  return candidates.filter(isFile);
}

const entries = (directory: string): string[] => {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
};

const prismaFiles = (directory: string): string[] => entries(directory).filter((name) => name.endsWith('.prisma')).map((name) => path.join(directory, name));

function isFile(fileName: string): boolean {
  try {
    const stat = statSync(fileName);
    return stat.isFile() && stat.size <= MAX_SCHEMA_BYTES;
  } catch {
    return false;
  }
}

/**
 * `model Name { … }` blocks: fields marked `@unique`, and `@@unique([a, b])` lists. A model declared in several
 * schemas (two applications of one monorepo) keeps only the keys every declaration has.
 */
function parseSchemas(files: readonly string[]): UniqueKeys {
  const keys = new Map<string, (readonly string[])[]>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gmu)) {
      const model = match[1]!.toLowerCase();
      const own: string[][] = [];
      for (const rawLine of match[2]!.split('\n')) {
        const line = rawLine.replace(/\/\/.*$/u, '').trim();
        // `@@unique([a, b])`, and a composite `@@id([userId, organizationId])`: made of the fields it joins.
        const composite = /^@@(?:unique|id)\(\s*(?:fields:\s*)?\[([^\]]*)\]/u.exec(line);
        if (composite) own.push(composite[1]!.split(',').map((field) => field.trim().replace(/\(.*$/u, '')).filter(Boolean));
        // `email String @unique`. Not a single `@id`, even without `@default`: the application generates it
        // (openpanel's `id: generateSecureId('invite')`), and a generated value is new each time.
        const field = /^(\w+)\s+\S+.*@unique\b/u.exec(line);
        if (field && !/@id\b/u.test(line)) own.push([field[1]!]);
      }
      const known = keys.get(model);
      keys.set(model, known ? known.filter((key) => own.some((other) => other.join() === key.join())) : own);
    }
  }
  return keys;
}
