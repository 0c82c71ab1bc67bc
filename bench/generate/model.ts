import type { Random } from './random.js';

/** The data access a domain uses; the repository and entity templates differ by it. */
export type Store = 'prisma' | 'typeorm' | 'pg';

/** The races the generator can plant. Each is one call site in one file. */
export type RaceKind = 'fs-exists-then-write' | 'find-then-create' | 'redis-get-then-set' | 'lock-release-outside-finally';

export interface Field {
  readonly name: string;
  readonly type: 'string' | 'number' | 'boolean' | 'Date';
}

/** One business domain: an entity with its repository, cache, service, controller and jobs. */
export interface Domain {
  /** camelCase, unique in the project: `invoice12`. */
  readonly name: string;
  readonly type: string;
  readonly table: string;
  readonly store: Store;
  /** The unique natural key, a string field (`slug`, `email`). */
  readonly key: string;
  readonly fields: readonly Field[];
  readonly races: ReadonlySet<RaceKind>;
}

const NOUNS = [
  'invoice', 'order', 'customer', 'product', 'payment', 'shipment', 'account', 'coupon', 'ticket', 'review',
  'subscription', 'refund', 'warehouse', 'supplier', 'employee', 'project', 'report', 'session', 'webhook', 'device',
];
const KEYS = ['slug', 'email', 'code', 'externalId', 'handle', 'reference'];
const FIELDS: readonly Field[] = [
  { name: 'title', type: 'string' }, { name: 'description', type: 'string' }, { name: 'status', type: 'string' },
  { name: 'amount', type: 'number' }, { name: 'quantity', type: 'number' }, { name: 'priority', type: 'number' },
  { name: 'active', type: 'boolean' }, { name: 'archived', type: 'boolean' }, { name: 'dueAt', type: 'Date' },
  { name: 'ownerId', type: 'string' }, { name: 'currency', type: 'string' }, { name: 'score', type: 'number' },
];
const RACES: readonly RaceKind[] = ['fs-exists-then-write', 'find-then-create', 'redis-get-then-set', 'lock-release-outside-finally'];
const STORES: readonly Store[] = ['prisma', 'typeorm', 'pg'];

export const pascal = (name: string): string => name[0]!.toUpperCase() + name.slice(1);

export function createDomain(random: Random, index: number, raceRate: number): Domain {
  const name = `${random.pick(NOUNS)}${index}`;
  return {
    name,
    type: pascal(name),
    table: `${name.toLowerCase()}s`,
    store: STORES[index % STORES.length]!,
    key: random.pick(KEYS),
    fields: random.sample(FIELDS, random.int(3, 7)),
    // The first domains carry one race each, so that even the smallest project has every kind.
    races: new Set(RACES.filter((race, at) => at === index - 1 || random.chance(raceRate))),
  };
}
