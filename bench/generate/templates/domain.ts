import type { Domain, Field } from '../model.js';

const capitalized = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** Redis cache-aside plus a view counter; `redis-get-then-set` plants a lost-update counter. */
export function cacheFile(d: Domain): string {
  const counter = d.races.has('redis-get-then-set')
    ? `    const current = Number((await redis.get(viewsKey(id))) ?? '0');
    const next = current + 1;
    await redis.set(viewsKey(id), String(next));
    return next;`
    : `    return redis.incr(viewsKey(id));`;
  return `import { cacheKey, redis } from '../../db/redis.js';
import type { ${d.type} } from './${d.name}.entity.js';

const TTL_SECONDS = 300;
const entityKey = (id: string): string => cacheKey('${d.name}', id);
const viewsKey = (id: string): string => cacheKey('${d.name}', id, 'views');

export class ${d.type}Cache {
  async get(id: string): Promise<${d.type} | null> {
    const raw = await redis.get(entityKey(id));
    return raw ? (JSON.parse(raw) as ${d.type}) : null;
  }

  async put(entity: ${d.type}): Promise<void> {
    await redis.set(entityKey(entity.id), JSON.stringify(entity), 'EX', TTL_SECONDS);
  }

  async invalidate(id: string): Promise<void> {
    await redis.del(entityKey(id), viewsKey(id));
  }

  async countView(id: string): Promise<number> {
${counter}
  }
}
`;
}

const dtoType: Record<Field['type'], string> = { string: 'string', number: 'number', boolean: 'boolean', Date: 'string' };
const toDto = (f: Field) => (f.type === 'Date' ? `new Date(entity.${f.name}).toISOString()` : `entity.${f.name}`);

/** Pure mapping and ordering helpers: the ordinary code around the data. */
export function mapperFile(d: Domain): string {
  const numeric = d.fields.find((f) => f.type === 'number');
  const total = numeric
    ? `export function total${capitalized(numeric.name)}(entities: readonly ${d.type}[]): number {
  return entities.reduce((sum, entity) => sum + entity.${numeric.name}, 0);
}
`
    : `export function countBy${capitalized(d.key)}Prefix(entities: readonly ${d.type}[], prefix: string): number {
  return entities.filter((entity) => entity.${d.key}.startsWith(prefix)).length;
}
`;
  return `import type { ${d.type} } from './${d.name}.entity.js';

export interface ${d.type}Dto {
  readonly id: string;
  readonly ${d.key}: string;
${d.fields.map((f) => `  readonly ${f.name}: ${dtoType[f.type]};`).join('\n')}
  readonly createdAt: string;
}

export function to${d.type}Dto(entity: ${d.type}): ${d.type}Dto {
  return {
    id: entity.id,
    ${d.key}: entity.${d.key},
${d.fields.map((f) => `    ${f.name}: ${toDto(f)},`).join('\n')}
    createdAt: new Date(entity.createdAt).toISOString(),
  };
}

export function sort${d.type}s(entities: readonly ${d.type}[]): ${d.type}[] {
  return [...entities].sort((a, b) => a.${d.key}.localeCompare(b.${d.key}) || a.id.localeCompare(b.id));
}

export function index${d.type}sBy${capitalized(d.key)}(entities: readonly ${d.type}[]): Map<string, ${d.type}> {
  const index = new Map<string, ${d.type}>();
  for (const entity of entities) index.set(entity.${d.key}, entity);
  return index;
}

${total}`;
}

const reader: Record<Field['type'], string> = { string: 'readString', number: 'readNumber', boolean: 'readBoolean', Date: 'readDate' };

export function validationFile(d: Domain): string {
  const used = [...new Set(['readString', ...d.fields.map((f) => reader[f.type])])].sort();
  return `import { badRequest } from '../../http/errors.js';
import { asRecord, ${used.join(', ')}, type Issues } from '../../http/validate.js';
import type { New${d.type} } from './${d.name}.entity.js';

export function validateNew${d.type}(body: unknown): New${d.type} {
  const input = asRecord(body);
  const issues: Issues = [];
  const value: New${d.type} = {
    ${d.key}: readString(input, '${d.key}', issues),
${d.fields.map((f) => `    ${f.name}: ${reader[f.type]}(input, '${f.name}', issues),`).join('\n')}
  };
  if (issues.length > 0) throw badRequest(issues);
  return value;
}

export function validate${d.type}Changes(body: unknown): Partial<New${d.type}> {
  const input = asRecord(body);
  const issues: Issues = [];
  const changes: Partial<New${d.type}> = {};
${d.fields.map((f) => `  if ('${f.name}' in input) changes.${f.name} = ${reader[f.type]}(input, '${f.name}', issues);`).join('\n')}
  if (issues.length > 0) throw badRequest(issues);
  return changes;
}
`;
}

export function serviceFile(d: Domain): string {
  return `import { notFound } from '../../http/errors.js';
import { log } from '../../logger.js';
import { ${d.type}Cache } from './${d.name}.cache.js';
import type { ${d.type} } from './${d.name}.entity.js';
import { sort${d.type}s, to${d.type}Dto, type ${d.type}Dto } from './${d.name}.mapper.js';
import { ${d.type}Repository } from './${d.name}.repository.js';
import { validate${d.type}Changes, validateNew${d.type} } from './${d.name}.validation.js';

export class ${d.type}Service {
  constructor(
    private readonly repository = new ${d.type}Repository(),
    private readonly cache = new ${d.type}Cache(),
  ) {}

  async get(id: string): Promise<${d.type}Dto> {
    const cached = await this.cache.get(id);
    if (cached) return to${d.type}Dto(cached);
    const found = await this.repository.findById(id);
    if (!found) throw notFound('${d.type}', id);
    await this.cache.put(found);
    await this.cache.countView(id);
    return to${d.type}Dto(found);
  }

  async list(page: number, size: number): Promise<{ items: ${d.type}Dto[]; total: number }> {
    const [items, total] = await Promise.all([this.repository.list(page, size), this.repository.count()]);
    return { items: sort${d.type}s(items).map(to${d.type}Dto), total };
  }

  async register(body: unknown): Promise<${d.type}Dto> {
    const data = validateNew${d.type}(body);
    const entity: ${d.type} = await this.repository.findOrCreateBy${capitalized(d.key)}(data.${d.key}, data);
    log('info', '${d.type} registered', { id: entity.id });
    return to${d.type}Dto(entity);
  }

  async change(id: string, body: unknown): Promise<${d.type}Dto> {
    const changes = validate${d.type}Changes(body);
    const updated = await this.repository.update(id, changes);
    await this.cache.invalidate(id);
    return to${d.type}Dto(updated);
  }

  async remove(id: string): Promise<void> {
    await this.repository.remove(id);
    await this.cache.invalidate(id);
  }
}
`;
}

export function controllerFile(d: Domain): string {
  const base = `/${d.table}`;
  return `import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { asRecord, readPage } from '../../http/validate.js';
import { ${d.type}Service } from './${d.name}.service.js';

type Handler = (req: Request, res: Response) => Promise<void>;

const handle =
  (handler: Handler): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

export function ${d.name}Router(service = new ${d.type}Service()): Router {
  const router = Router();
  router.get('${base}', handle(async (req, res) => {
    const { page, size } = readPage(asRecord(req.query));
    res.json(await service.list(page, size));
  }));
  router.get('${base}/:id', handle(async (req, res) => {
    res.json(await service.get(String(req.params['id'])));
  }));
  router.post('${base}', handle(async (req, res) => {
    res.status(201).json(await service.register(req.body));
  }));
  router.patch('${base}/:id', handle(async (req, res) => {
    res.json(await service.change(String(req.params['id']), req.body));
  }));
  router.delete('${base}/:id', handle(async (req, res) => {
    await service.remove(String(req.params['id']));
    res.status(204).end();
  }));
  return router;
}
`;
}

/** A nightly export job: writes files and serialises runs with a mutex, the two places jobs race. */
export function jobsFile(d: Domain): string {
  const fsRace = d.races.has('fs-exists-then-write');
  const lockRace = d.races.has('lock-release-outside-finally');
  const writeExport = fsRace
    ? `  if (!existsSync(file)) {
    writeFileSync(file, JSON.stringify(items, null, 2));
  }`
    : `  try {
    writeFileSync(file, JSON.stringify(items, null, 2), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }`;
  const run = lockRace
    ? `  const release = await exportLock.acquire();
  const { items } = await service.list(0, 1000);
  const file = exportFile(directory, day);
  writeExport(file, items);
  release();
  return file;`
    : `  const release = await exportLock.acquire();
  try {
    const { items } = await service.list(0, 1000);
    const file = exportFile(directory, day);
    writeExport(file, items);
    return file;
  } finally {
    release();
  }`;
  return `import { Mutex } from 'async-mutex';
import { ${fsRace ? 'existsSync, ' : ''}mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../../config.js';
import { log } from '../../logger.js';
import type { ${d.type}Dto } from './${d.name}.mapper.js';
import { ${d.type}Service } from './${d.name}.service.js';

const exportLock = new Mutex();

function exportFile(directory: string, day: string): string {
  mkdirSync(directory, { recursive: true });
  return path.join(directory, \`${d.name}-\${day}.json\`);
}

function writeExport(file: string, items: readonly ${d.type}Dto[]): void {
${writeExport}
}

export async function export${d.type}s(service = new ${d.type}Service(), directory = config.exportDir): Promise<string> {
  const day = new Date().toISOString().slice(0, 10);
${run}
}

export async function runNightly${d.type}Export(): Promise<void> {
  const started = Date.now();
  const file = await export${d.type}s();
  log('info', '${d.type} export written', { file, ms: Date.now() - started });
}
`;
}
