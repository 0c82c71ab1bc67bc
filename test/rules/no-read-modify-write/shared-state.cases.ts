import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const jsFile = path.join(typedFixtures, 'file.js');

const api = `declare function price(): Promise<number>;
declare function delta(): Promise<number>;
declare function fetchCount(key: string): Promise<number>;
declare function save(value: unknown): Promise<void>;
`;

export const sharedStateCases: CasesFor<typeof rule> = {
  valid: [
    // A lone function returned by a per-call factory, called once by its caller: nothing shows its calls overlap.
    `declare function endDateFor(projectId: string, end: string): Promise<string | null>;
export function currentRange(input: { projectId: string; endDate: string }) {
  const current = { endDate: input.endDate };
  return async () => {
    const endDate = await endDateFor(input.projectId, current.endDate);
    if (endDate) current.endDate = endDate;
    return current;
  };
}`,
    // The fixed form: await first, then update in one synchronous step.
    `${api}let total = 0;
export async function add() {
  const delta = await price();
  total += delta;
}`,
    // A read after the await is fresh.
    `${api}let total = 0;
export async function add() {
  total = (await price()) + total;
}`,
    // require-atomic-updates false positives (eslint/eslint#11899 and its duplicates):
    // a property written after some other read of its object
    `${api}const config: { a?: number; b?: number } = {};
export async function load() {
  const a = config.a;
  config.b = await price();
  return a;
}`,
    // a counter incremented and decremented around an await, in \`finally\`
    `${api}let inFlight = 0;
export async function track() {
  inFlight += 1;
  try {
    await save(null);
  } finally {
    inFlight -= 1;
  }
}`,
    // a local assigned from an await and later captured by a closure
    `${api}export async function sum(items: number[]) {
  let result = await price();
  items.forEach((item) => { result += item; });
  return result;
}`,
    // \`this.foo = null\` in a catch
    `${api}class Worker {
  private job: Promise<void> | null = null;
  async run() {
    try {
      await save(this.job);
    } catch {
      this.job = null;
    }
  }
}
export const worker = new Worker();`,
    // loop variables reused across loops
    `${api}export async function loops(rows: number[]) {
  let i = 0;
  for (i = 0; i < rows.length; i++) await save(rows[i]);
  for (i = 0; i < rows.length; i++) rows[i] = rows[i]! + (await price());
}`,
    // a per-request context (Koa's ctx.body)
    `${api}export async function handler(ctx: { body: unknown; state: { count: number } }) {
  ctx.body = await price();
  ctx.state.count = ctx.state.count + (await delta());
}`,
    // a value read and written back unchanged
    `${api}const obj = { prop: 1 };
export async function restore() {
  const p = obj.prop;
  await save(null);
  obj.prop = p;
}`,
    // headers of a parameter set after an await
    `${api}export async function respond(res: { headers: Record<string, string> }) {
  res.headers['x-total'] = String(await price());
  res.headers['x-count'] = res.headers['x-count'] + String(await delta());
}`,
    // fresh objects created after \`await Promise.all\`
    `${api}class Entry { count = 0; }
export async function build() {
  const [a] = await Promise.all([price()]);
  const entry = new Entry();
  entry.count = entry.count + a + (await delta());
  return entry;
}`,
    // \`typeof x\` in a type position reads nothing
    `${api}let state = { count: 0 };
export async function refresh() {
  state = { count: await price() } as typeof state;
}`,
    // A synchronous read-modify-write is atomic in JavaScript.
    `${api}let total = 0;
export async function add(n: number) {
  await save(null);
  total = total + n;
  total += n;
}`,
    // Top-level code runs once.
    `${api}let total = 0;
total = total + (await price());`,
    // A local is per call.
    `${api}export async function local() {
  let total = 0;
  total = total + (await price());
  total += await delta();
  return total;
}`,
    // A closure called once, in order.
    `${api}export async function once() {
  let total = 0;
  const add = async () => { total += await price(); };
  await add();
  return total;
}`,
    // Lazy initialisation with ||: no-check-then-act's concern.
    `${api}let cached: number | undefined;
export async function get() {
  cached = cached || (await price());
  return cached;
}`,
    // The read and the await are in different arms of a conditional.
    `${api}let total = 0;
export async function pick(fresh: boolean) {
  total = fresh ? await price() : total + 1;
}`,
    // A class whose instances are unknown: not reported.
    `${api}export class Cart {
  total = 0;
  async add() { this.total += await price(); }
}`,
    // Inside a held lock.
    `import { Mutex } from 'async-mutex';
${api}const mutex = new Mutex();
let total = 0;
export async function add() {
  await mutex.runExclusive(async () => {
    total += await price();
  });
}`,
    // \`this\` in a constructor is the object being built.
    `${api}class Totals {
  total = 0;
  constructor() { void this.init(); }
  private async init() { await save(null); }
}
export const totals = new Totals();`,
    // A request-scoped NestJS provider: one instance per request.
    `import { Injectable, Scope } from '@nestjs/common';
${api}@Injectable({ scope: Scope.REQUEST })
export class RequestTotals {
  total = 0;
  async add() { this.total += await price(); }
}`,
    // A function that does not suspend cannot interleave with itself.
    `${api}let total = 0;
export function add(n: number) {
  total = total + n;
  void price().then((p) => { total += p; });
}`,
  ],
  invalid: [
    // Module-level binding.
    {
      code: `${api}let total = 0;
export async function add() {
  total = total + await price();
}`,
      output: `${api}let total = 0;
export async function add() {
  const delta = await price();
  total = total + delta;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // Compound assignment, value unused.
    {
      code: `${api}let total = 0;
export async function add() {
  total += await price(); // running sum
}`,
      output: `${api}let total = 0;
export async function add() {
  const delta = await price();
  total += delta; // running sum
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // Class form: a singleton created at module level.
    {
      code: `${api}class Stats {
  count = 0;
  async record() {
    this.count += await delta();
  }
}
export const stats = new Stats();`,
      output: `${api}class Stats {
  count = 0;
  async record() {
    const delta2 = await delta();
    this.count += delta2;
  }
}
export const stats = new Stats();`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 5 }],
    },
    // Keyed entry of a module-level object, with parentheses and `??`.
    {
      code: `${api}const stats: Record<string, number> = {};
export async function record(k: string) {
  stats[k] = (stats[k] ?? 0) + (await fetchCount(k));
}`,
      output: `${api}const stats: Record<string, number> = {};
export async function record(k: string) {
  const delta = await fetchCount(k);
  stats[k] = (stats[k] ?? 0) + delta;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // Another function writes the same state: only a suggestion (the awaited call might be it).
    {
      code: `${api}let total = 0;
export function reset() { total = 0; }
export async function add() {
  total = total + (await price()) * 2;
}`,
      errors: [
        {
          messageId: 'sharedReadModifyWrite',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestAwaitFirst',
              data: { name: 'total' },
              output: `${api}let total = 0;
export function reset() { total = 0; }
export async function add() {
  const value = await price();
  total = total + value * 2;
}`,
            },
          ],
        },
      ],
    },
    // Through a local: the read, the await, then the write of the modified value. No fix: the await is a statement of its own.
    {
      code: `${api}let count = 0;
export async function bump() {
  const current = count;
  await save(current);
  count = current + 1;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 9, column: 3 }],
    },
    // Spread of the old state.
    {
      code: `${api}let state = { count: 0, total: 0 };
export async function update() {
  state = { ...state, total: await price() };
}`,
      output: `${api}let state = { count: 0, total: 0 };
export async function update() {
  const value = await price();
  state = { ...state, total: value };
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // The value is used: no fix.
    {
      code: `${api}let total = 0;
export async function add() {
  return (total += await price());
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 11 }],
    },
    // A call besides the await is evaluated before it: moving the await would reorder it. No fix.
    {
      code: `${api}let total = 0;
declare function bonus(): number;
export async function add() {
  total = total + bonus() + (await price());
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 3 }],
    },
    // Closure form: concurrent callbacks of Promise.all(items.map(async …)).
    {
      code: `${api}export async function sum(items: string[]) {
  let total = 0;
  await Promise.all(items.map(async (item) => {
    total += await fetchCount(item);
  }));
  return total;
}`,
      output: `${api}export async function sum(items: string[]) {
  let total = 0;
  await Promise.all(items.map(async (item) => {
    const delta = await fetchCount(item);
    total += delta;
  }));
  return total;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 5 }],
    },
    // `as` and `!` around the pieces.
    {
      code: `${api}let total: number | undefined = 0;
export async function add() {
  total = (total as number) + (await price())!;
}`,
      output: `${api}let total: number | undefined = 0;
export async function add() {
  const delta = await price();
  total = (total as number) + delta!;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // The read is inside the awaited call: reported, with no fix (moving the await would not move the read).
    {
      code: `${api}declare function recompute(state: { total: number }): Promise<{ total: number }>;
let state = { total: 0 };
export async function refresh() {
  state = await recompute(state);
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 3 }],
    },
    // ... and through a local.
    {
      code: `${api}declare function recompute(total: number): Promise<number>;
const stats = { total: 0 };
export async function refresh() {
  const next = await recompute(stats.total);
  stats.total = next;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 9, column: 3 }],
    },
    // Optional chaining and \`satisfies\`.
    {
      code: `${api}const registry: { counts?: Record<string, number> } = { counts: {} };
export async function bump(k: string) {
  registry.counts![k] = ((registry?.counts?.[k] ?? 0) satisfies number) + (await delta());
}`,
      output: `${api}const registry: { counts?: Record<string, number> } = { counts: {} };
export async function bump(k: string) {
  const delta2 = await delta();
  registry.counts![k] = ((registry?.counts?.[k] ?? 0) satisfies number) + delta2;
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 7, column: 3 }],
    },
    // A method of a module-level object literal.
    {
      code: `${api}export const store = {
  count: 0,
  async add() {
    this.count = this.count + (await delta());
  },
};`,
      output: `${api}export const store = {
  count: 0,
  async add() {
    const delta2 = await delta();
    this.count = this.count + delta2;
  },
};`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 5 }],
    },
    // A factory's closure: the returned function outlives the call and is called concurrently.
    {
      code: `${api}export function makeCounter() {
  let total = 0;
  return {
    async add() {
      total *= await price();
      return total;
    },
  };
}`,
      output: `${api}export function makeCounter() {
  let total = 0;
  return {
    async add() {
      const value = await price();
      total *= value;
      return total;
    },
  };
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 9, column: 7 }],
    },
    // A NestJS singleton provider, with a class-field arrow function.
    {
      code: `import { Injectable } from '@nestjs/common';
${api}@Injectable()
export class Metrics {
  private served = 0;
  record = async () => {
    this.served = (await fetchCount('served')) + this.served;
    this.served = this.served + (await fetchCount('served'));
  };
}`,
      output: `import { Injectable } from '@nestjs/common';
${api}@Injectable()
export class Metrics {
  private served = 0;
  record = async () => {
    this.served = (await fetchCount('served')) + this.served;
    const delta = await fetchCount('served');
    this.served = this.served + delta;
  };
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 11, column: 5 }],
    },
    // Not a statement of a block: reported, no fix (a declaration cannot go there as is).
    {
      code: `${api}let total = 0;
export async function add(kind: string) {
  if (kind === 'order') total += await price();
  switch (kind) {
    case 'refund':
      total -= await price();
      break;
  }
}`,
      errors: [
        { messageId: 'sharedReadModifyWrite', line: 7, column: 25 },
        { messageId: 'sharedReadModifyWrite', line: 10, column: 7 },
      ],
    },
    // CommonJS: module-level bindings live in the module's function scope.
    {
      code: `const { price } = require('./prices');
let total = 0;
exports.add = async function add() {
  total = total + (await price());
};`,
      output: `const { price } = require('./prices');
let total = 0;
exports.add = async function add() {
  const delta = await price();
  total = total + delta;
};`,
      filename: jsFile,
      // CommonJS: the module's bindings live in a function scope around the Program
      languageOptions: { parserOptions: { sourceType: 'script', ecmaFeatures: { globalReturn: true } } },
      errors: [{ messageId: 'sharedReadModifyWrite', line: 4, column: 3 }],
    },
    // Plain JavaScript.
    {
      code: `let hits = 0;
export async function count(fetchHits) {
  hits += await fetchHits();
}`,
      output: `let hits = 0;
export async function count(fetchHits) {
  const delta = await fetchHits();
  hits += delta;
}`,
      filename: jsFile,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 3, column: 3 }],
    },
  ],
  // A class named as a singleton in the options (a DI container's singleton): recognised by type.
  typedInvalid: [
    {
      code: `${api}export class Counter {
  total = 0;
  async add() {
    this.total += await price();
  }
}`,
      options: [{ singletonTypes: [{ from: 'file', name: 'Counter' }] }],
      output: `${api}export class Counter {
  total = 0;
  async add() {
    const delta = await price();
    this.total += delta;
  }
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 8, column: 5 }],
    },
    {
      code: `${api}class BaseService {}
export class Billing extends BaseService {
  invoices = 0;
  async bill() {
    this.invoices = this.invoices + (await fetchCount('invoices'));
  }
}`,
      options: [{ singletonTypes: [{ from: 'file', name: 'BaseService' }] }],
      output: `${api}class BaseService {}
export class Billing extends BaseService {
  invoices = 0;
  async bill() {
    const delta = await fetchCount('invoices');
    this.invoices = this.invoices + delta;
  }
}`,
      errors: [{ messageId: 'sharedReadModifyWrite', line: 9, column: 5 }],
    },
  ],
  untypedValid: [
    {
      code: `${api}export class Counter {
  total = 0;
  async add() {
    this.total += await price();
  }
}`,
      options: [{ singletonTypes: [{ from: 'file', name: 'Counter' }] }],
    },
  ],
  typedValid: [
    // Another class than the one named.
    {
      code: `${api}export class Counter {
  total = 0;
  async add() {
    this.total += await price();
  }
}`,
      options: [{ singletonTypes: [{ from: 'file', name: 'Other' }] }],
    },
  ],
};
