import type { Domain } from '../model.js';

/** Files every generated service has once, independent of its domains (the Prisma-like client and app excepted). */
export const infrastructureFiles: Readonly<Record<string, string>> = {
  'src/config.ts': `export interface AppConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly exportDir: string;
}

function required(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(\`Missing environment variable \${name}\`);
  return value;
}

export function loadConfig(): AppConfig {
  return {
    port: Number.parseInt(required('PORT', '3000'), 10),
    databaseUrl: required('DATABASE_URL', 'postgres://localhost/app'),
    redisUrl: required('REDIS_URL', 'redis://localhost:6379'),
    exportDir: required('EXPORT_DIR', '/tmp/exports'),
  };
}

export const config = loadConfig();
`,
  'src/logger.ts': `type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}
`,
  'src/http/errors.ts': `export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string): HttpError => new HttpError(404, \`\${what} \${id} not found\`);
export const badRequest = (details: readonly string[]): HttpError => new HttpError(400, 'Invalid request', details);

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
`,
  'src/http/validate.ts': `export type Issues = string[];

export function readString(input: Record<string, unknown>, name: string, issues: Issues): string {
  const value = input[name];
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push(\`\${name} must be a non-empty string\`);
    return '';
  }
  return value.trim();
}

export function readNumber(input: Record<string, unknown>, name: string, issues: Issues): number {
  const value = typeof input[name] === 'string' ? Number(input[name]) : input[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push(\`\${name} must be a number\`);
    return 0;
  }
  return value;
}

export function readBoolean(input: Record<string, unknown>, name: string, issues: Issues): boolean {
  const value = input[name];
  if (typeof value !== 'boolean') {
    issues.push(\`\${name} must be a boolean\`);
    return false;
  }
  return value;
}

export function readDate(input: Record<string, unknown>, name: string, issues: Issues): Date {
  const value = input[name];
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    issues.push(\`\${name} must be a date\`);
    return new Date(0);
  }
  return date;
}

export function asRecord(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

export function readPage(query: Record<string, unknown>): { page: number; size: number } {
  const page = Math.max(0, Number(query['page'] ?? 0) || 0);
  const size = Math.min(100, Math.max(1, Number(query['size'] ?? 20) || 20));
  return { page, size };
}
`,
  'src/db/pg.ts': `import pg from 'pg';
import { config } from '../config.js';

export const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });

export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`,
  'src/db/redis.ts': `import { Redis } from 'ioredis';
import { config } from '../config.js';

export const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });

export const cacheKey = (...parts: readonly (string | number)[]): string => parts.join(':');
`,
  'src/db/data-source.ts': `import { DataSource } from 'typeorm';
import { config } from '../config.js';

export const dataSource = new DataSource({
  type: 'postgres',
  url: config.databaseUrl,
  entities: ['dist/domains/**/*.entity.js'],
  synchronize: false,
});
`,
  'src/db/prisma-runtime.ts': `/** The query surface of a Prisma model delegate, reduced to what the repositories use. */
export interface ModelDelegate<Model extends { id: string }, Create> {
  findUnique(args: { where: Partial<Model> }): Promise<Model | null>;
  findFirst(args: { where: Partial<Model> }): Promise<Model | null>;
  findMany(args?: { where?: Partial<Model>; skip?: number; take?: number }): Promise<Model[]>;
  count(args?: { where?: Partial<Model> }): Promise<number>;
  create(args: { data: Create }): Promise<Model>;
  update(args: { where: { id: string }; data: Partial<Create> }): Promise<Model>;
  upsert(args: { where: Partial<Model>; create: Create; update: Partial<Create> }): Promise<Model>;
  delete(args: { where: { id: string } }): Promise<Model>;
}

/** Sends every query to the engine, like a generated Prisma client does. */
export type Engine = (model: string, action: string, args: unknown) => Promise<unknown>;

export function createDelegate<Model extends { id: string }, Create>(model: string, engine: Engine): ModelDelegate<Model, Create> {
  const run = <Result>(action: string) => (args: unknown) => engine(model, action, args) as Promise<Result>;
  return {
    findUnique: run<Model | null>('findUnique'),
    findFirst: run<Model | null>('findFirst'),
    findMany: run<Model[]>('findMany'),
    count: run<number>('count'),
    create: run<Model>('create'),
    update: run<Model>('update'),
    upsert: run<Model>('upsert'),
    delete: run<Model>('delete'),
  };
}

export const httpEngine =
  (url: string): Engine =>
  async (model, action, args) => {
    const response = await fetch(\`\${url}/\${model}/\${action}\`, { method: 'POST', body: JSON.stringify(args) });
    if (!response.ok) throw new Error(\`Query \${model}.\${action} failed: \${response.status}\`);
    return response.json();
  };
`,
};

/** The generated Prisma client: one delegate per model, as `prisma generate` writes it. */
export function prismaClientFile(domains: readonly Domain[]): string {
  const models = domains.filter((domain) => domain.store === 'prisma');
  return `import { config } from '../config.js';
import { createDelegate, httpEngine, type Engine, type ModelDelegate } from './prisma-runtime.js';
${models.map((d) => `import type { ${d.type}, New${d.type} } from '../domains/${d.name}/${d.name}.entity.js';`).join('\n')}

export class PrismaClient {
${models.map((d) => `  readonly ${d.name}: ModelDelegate<${d.type}, New${d.type}>;`).join('\n')}

  constructor(engine: Engine) {
${models.map((d) => `    this.${d.name} = createDelegate('${d.type}', engine);`).join('\n')}
  }

  async $transaction<Result>(work: (client: PrismaClient) => Promise<Result>): Promise<Result> {
    return work(this);
  }
}

export const prisma = new PrismaClient(httpEngine(config.databaseUrl));
`;
}

/** The express application, mounting the router of every domain that has one. */
export function appFile(routed: readonly Domain[]): string {
  return `import express, { type NextFunction, type Request, type Response } from 'express';
import { config } from './config.js';
import { isHttpError } from './http/errors.js';
import { log } from './logger.js';
${routed.map((d) => `import { ${d.name}Router } from './domains/${d.name}/${d.name}.controller.js';`).join('\n')}

export const app = express();
app.use(express.json());
${routed.map((d) => `app.use(${d.name}Router());`).join('\n')}

app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  if (isHttpError(error)) {
    res.status(error.status).json({ message: error.message, details: error.details });
    return;
  }
  log('error', 'Unhandled error', { error: String(error) });
  res.status(500).json({ message: 'Internal error' });
});

export function start(): void {
  app.listen(config.port, () => log('info', 'Listening', { port: config.port }));
}
`;
}
