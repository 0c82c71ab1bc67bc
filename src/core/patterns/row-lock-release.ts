import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, enclosingFunction, keyName, propertyName, skipTransparent } from '../analysis/nodes.js';
import { parseSql, sqlTextOf } from '../analysis/sql.js';
import { transactionAround } from '../analysis/transactions.js';
import { rowLockWrites } from '../catalogue/locks.js';
import type { FileContext } from '../file-context.js';
import { findNodes } from '../recognize/modules.js';

/**
 * Row locks kept in a column: an acquire sets the column to a fresh value only on rows where it is null (or
 * stale); a release sets it back to null. A release whose filter names the row by its key only, without the
 * value this run set, frees the lock of whoever took the row after this run's lock went stale.
 */
export interface RowLockRelease {
  /** The `column: null` property, or the SQL text that sets it to NULL. */
  readonly node: TSESTree.Node;
  readonly method: string;
  readonly column: string;
  readonly acquire: TSESTree.Node;
}

/** One write of a row: the columns it sets and what names its rows. */
interface RowWrite {
  readonly node: TSESTree.Node;
  readonly method: string;
  readonly model: string | undefined;
  /** Column (normalised) → the value node, or the SQL expression text. */
  readonly values: ReadonlyMap<string, { readonly name: string; readonly value: TSESTree.Node | string; readonly at: TSESTree.Node }>;
  /** What filters the rows: object literals, strings, SQL WHERE text. Undefined: not visible here. */
  readonly filters: readonly (TSESTree.Node | string)[] | undefined;
}

/** `locked_at`, `lockedAt` and `"lockedAt"` name one column. */
const normal = (name: string) => name.replace(/["'`_]/g, '').toLowerCase();
const normalModel = (name: string) => normal(name).replace(/[^a-z0-9]/g, '').replace(/s$/, '');

export function rowLockReleases(file: FileContext): RowLockRelease[] {
  // A release writes null (`{ lockedAt: null }`, `SET locked_at = NULL`): a file that never says it has none.
  if (!/null/i.test(file.sourceCode.text)) return [];
  const writes = rowWrites(file);
  // Only columns some write sets to null can be row locks to release: most files have none.
  const cleared = new Set(writes.flatMap((write) => [...write.values].filter(([, { value }]) => isNull(value)).map(([column]) => column)));
  if (cleared.size === 0) return [];
  const acquires = writes.flatMap((write) => acquiredColumns(file, write, cleared).map((column) => ({ write, column })));
  if (acquires.length === 0) return [];
  const found: RowLockRelease[] = [];
  for (const write of writes) {
    for (const [column, { name, value, at }] of write.values) {
      if (!isNull(value)) continue;
      const matching = acquires.filter(
        (acquire) => acquire.column === column && acquire.write !== write && sameModel(acquire.write.model, write.model),
      );
      if (matching.length === 0 || !write.filters) continue;
      // Comparing the lock column, or a column the acquire also set (an owner, a token), keeps another's lock.
      const compared = new Set([column, ...matching.flatMap((acquire) => [...acquire.write.values.keys()])]);
      if ([...compared].some((name) => write.filters!.some((filter) => mentions(filter, name)))) continue;
      // In the acquire's transaction, the row is still this run's.
      const transaction = transactionAround(file, write.node)?.scope;
      if (transaction && matching.some((acquire) => transactionAround(file, acquire.write.node)?.scope === transaction)) continue;
      found.push({ node: at, method: write.method, column: name, acquire: matching[0]!.write.node });
    }
  }
  return found;
}

const sameModel = (a: string | undefined, b: string | undefined) => !a || !b || normalModel(a) === normalModel(b);

const isNull = (value: TSESTree.Node | string) =>
  typeof value === 'string' ? value.trim().toLowerCase() === 'null' : value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value);

/** A lock value: anything but a constant (a time, a token, a parameter). */
const isFresh = (value: TSESTree.Node | string) =>
  typeof value === 'string'
    ? !/^\s*(null|true|false|-?\d+(\.\d+)?|'[^']*')\s*$/i.test(value)
    : value.type !== AST_NODE_TYPES.Literal && !(value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');

/** The columns an acquire takes: set to a fresh value where the filters (its own or in its function) require null or stale. */
function acquiredColumns(file: FileContext, write: RowWrite, cleared: ReadonlySet<string>): string[] {
  const candidates = [...write.values].filter(([column, { value }]) => cleared.has(column) && isFresh(value));
  if (candidates.length === 0) return [];
  const conditions = [...(write.filters ?? []), ...filtersAround(file, write.node)];
  const out: string[] = [];
  for (const [column, { name }] of candidates) {
    const free = conditions.map((condition) => freeOrStale(condition, column)).filter((found) => found !== undefined);
    // Null only: a soft delete or a completion looks the same; the column's name tells a lock. Stale: only a lock.
    if (free.includes('stale') || (free.includes('null') && namesLock(name))) out.push(column);
  }
  return out;
}

/** `lockedAt`, `locked_at`, `LEASE_UNTIL`: a word of the name says lock. */
const namesLock = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => rowLockWrites.lockColumnWord.test(word));

/** Row filters in the function around `node`: a locking read before the write (`FOR UPDATE ... IS NULL`) counts. */
function filtersAround(file: FileContext, node: TSESTree.Node): (TSESTree.Node | string)[] {
  const fn = enclosingFunction(node);
  const out: (TSESTree.Node | string)[] = [];
  for (const call of findNodes(file, fn, AST_NODE_TYPES.CallExpression)) {
    const name = calleeName(call);
    if (name && (rowLockWrites.builderFilters as readonly string[]).includes(name)) out.push(builderFilter(call));
    for (const arg of call.arguments) {
      if (arg.type === AST_NODE_TYPES.ObjectExpression) {
        const where = property(arg, 'where');
        if (where) out.push(where);
      }
      const sql = sqlTextOf(file, arg);
      if (sql) out.push(parseSql(sql.text).where);
    }
  }
  return out;
}

/** A builder filter step as one condition: `whereNull('c')` → `c IS NULL`, `where('c', '<', x)` → `c < ?`. */
function builderFilter(call: TSESTree.CallExpression): TSESTree.Node | string {
  const [first, second] = call.arguments.map((arg) => skipTransparent(arg));
  const text = (node: TSESTree.Node | undefined) => (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' ? node.value : undefined);
  const name = calleeName(call)!;
  if ((rowLockWrites.builderNullFilters as readonly string[]).includes(name) && text(first)) return `${text(first)} IS NULL`;
  if (text(first) && call.arguments.length === 3 && text(second)) return `${text(first)} ${text(second)} ?`;
  if (text(first) && call.arguments.length === 2 && second?.type === AST_NODE_TYPES.Literal && second.value === null) return `${text(first)} IS NULL`;
  if (text(first) && call.arguments.length === 2) return `${text(first)} = ?`;
  return first ?? '';
}

type Free = 'null' | 'stale';

/** Whether a filter takes only rows whose `column` is null (a free lock) or below a bound (a stale one). */
function freeOrStale(filter: TSESTree.Node | string, column: string): Free | undefined {
  if (typeof filter === 'string' || filter.type === AST_NODE_TYPES.Literal || filter.type === AST_NODE_TYPES.TemplateLiteral) {
    const text = typeof filter === 'string' ? filter : stringOf(filter);
    if (!text) return undefined;
    let found: Free | undefined;
    for (const match of text.matchAll(/([A-Za-z_][\w]*)"?\s*(is\s+null|<=?(?!>))/gi)) {
      if (normal(match[1]!) !== column) continue;
      if (match[2]!.startsWith('<')) return 'stale';
      found = 'null';
    }
    return found;
  }
  const node = skipTransparent(filter);
  if (node.type === AST_NODE_TYPES.ArrayExpression) return strongest(node.elements.map((element) => (element ? freeOrStale(element, column) : undefined)));
  if (node.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const results: (Free | undefined)[] = [];
  for (const entry of node.properties) {
    if (entry.type !== AST_NODE_TYPES.Property) continue;
    const key = keyName(entry.key);
    const value = skipTransparent(entry.value);
    if (key && normal(key) === column) results.push(freeValue(value));
    else if (value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.ArrayExpression) results.push(freeOrStale(value, column));
  }
  return strongest(results);
}

const strongest = (results: readonly (Free | undefined)[]): Free | undefined =>
  results.includes('stale') ? 'stale' : results.includes('null') ? 'null' : undefined;

/** `null`, `IsNull()`, `LessThan(t)`, `{ lt: t }`, `{ equals: null }`. */
function freeValue(value: TSESTree.Node): Free | undefined {
  if (value.type === AST_NODE_TYPES.Literal && value.value === null) return 'null';
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const name = calleeName(value);
    if (!name || !(rowLockWrites.freeOrStaleOperators as readonly string[]).includes(name)) return undefined;
    return name === 'IsNull' ? 'null' : 'stale';
  }
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const results: Free[] = [];
  for (const entry of value.properties) {
    if (entry.type !== AST_NODE_TYPES.Property) continue;
    // Sequelize names its operators by symbol: `{ [Op.lt]: cutoff }`.
    const key = entry.key.type === AST_NODE_TYPES.MemberExpression ? propertyName(entry.key) : keyName(entry.key);
    if (!key || !(rowLockWrites.freeOrStaleFilterKeys as readonly string[]).includes(key)) continue;
    const inner = skipTransparent(entry.value);
    if (key === 'equals') {
      if (inner.type === AST_NODE_TYPES.Literal && inner.value === null) results.push('null');
    } else results.push('stale');
  }
  return strongest(results);
}

/** Whether a filter compares `column` at all (any key, any SQL identifier). */
function mentions(filter: TSESTree.Node | string, column: string): boolean {
  if (typeof filter === 'string') return identifiersIn(filter, column);
  const text = stringOf(filter);
  if (text !== undefined) return identifiersIn(text, column);
  const node = skipTransparent(filter);
  if (node.type === AST_NODE_TYPES.ArrayExpression) return node.elements.some((element) => element && mentions(element, column));
  if (node.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return node.properties.some((entry) => {
    if (entry.type !== AST_NODE_TYPES.Property) return true; // a spread may hold it
    const key = keyName(entry.key);
    if (key && normal(key) === column) return true;
    return mentions(entry.value, column);
  });
}

const identifiersIn = (text: string, column: string) => [...text.matchAll(/[A-Za-z_]\w*/g)].some((match) => normal(match[0]) === column);

function stringOf(node: TSESTree.Node): string | undefined {
  const value = skipTransparent(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' ? value.value : undefined;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.quasis.map((quasi) => quasi.value.cooked ?? '').join('?');
  return undefined;
}

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const entry of object.properties) {
    if (entry.type === AST_NODE_TYPES.Property && keyName(entry.key) === name) return entry.value;
  }
  return undefined;
}

// --- Writes ----------------------------------------------------------------------------------------------

function rowWrites(file: FileContext): RowWrite[] {
  const out: RowWrite[] = [];
  for (const call of findNodes(file, file.program, AST_NODE_TYPES.CallExpression)) {
    const write = callWrite(call);
    if (write) out.push(write);
  }
  for (const type of [AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral] as const) {
    for (const node of findNodes(file, file.program, type)) {
      if (node.type === AST_NODE_TYPES.Literal && typeof node.value !== 'string') continue;
      const write = sqlWrite(file, node);
      if (write) out.push(write);
    }
  }
  return out;
}

function callWrite(call: TSESTree.CallExpression): RowWrite | undefined {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = calleeName(call);
  if (!method) return undefined;
  const args = call.arguments.map((arg) => skipTransparent(arg));
  const last = args.at(-1);
  const is = (list: readonly string[]) => list.includes(method);
  // Prisma: `model.updateMany({ where, data })`.
  if (is(rowLockWrites.whereAndData) && args.length === 1 && last?.type === AST_NODE_TYPES.ObjectExpression) {
    const data = property(last, 'data');
    const where = property(last, 'where');
    if (data && where) {
      const receiver = skipTransparent(callee.object);
      const model = receiver.type === AST_NODE_TYPES.MemberExpression ? (keyName(receiver.property) ?? undefined) : undefined;
      return objectWrite(call, method, model, data, [where]);
    }
  }
  if (is(rowLockWrites.criteriaThenValues) && args.length >= 2 && last?.type === AST_NODE_TYPES.ObjectExpression) {
    // Sequelize: `Model.update(values, { where })`.
    const where = property(last, 'where');
    if (where) return objectWrite(call, method, chainModel(callee.object), args.at(-2)!, [where]);
    const model = args.length === 3 ? nameOf(args[0]!) : chainModel(callee.object);
    const criteria = args.at(-2)!;
    return objectWrite(call, method, model, last, visibleFilter(criteria) ? [criteria] : undefined);
  }
  // Builders: TypeORM `update().set(values).where(...)`, Knex `knex(table).where(...).update(values)`.
  if (is(rowLockWrites.builderValues) && args.length === 1 && last?.type === AST_NODE_TYPES.ObjectExpression) {
    const chain = chainOf(call);
    const filters = chain.filter((step) => (rowLockWrites.builderFilters as readonly string[]).includes(calleeName(step) ?? ''));
    if (filters.length === 0) return undefined;
    const model = chain.map(stepModel).find((found) => found !== undefined);
    const visible = filters.every((step) => step.arguments[0] !== undefined && visibleFilter(step.arguments[0]));
    return objectWrite(call, method, model, last, visible ? filters.map(builderFilter) : undefined);
  }
  return undefined;
}

/**
 * A filter whose columns can be read here: an object literal, a string, or a key read off an object
 * (`update(task.id, …)`). A variable may hold criteria that compare the lock: not read.
 */
const visibleFilter = (node: TSESTree.Node): boolean =>
  [AST_NODE_TYPES.ObjectExpression, AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral, AST_NODE_TYPES.MemberExpression].includes(
    skipTransparent(node).type,
  );

function objectWrite(
  call: TSESTree.CallExpression,
  method: string,
  model: string | undefined,
  data: TSESTree.Node,
  filters: (TSESTree.Node | string)[] | undefined,
): RowWrite | undefined {
  const object = skipTransparent(data);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const values = new Map<string, { name: string; value: TSESTree.Node; at: TSESTree.Node }>();
  for (const entry of object.properties) {
    if (entry.type !== AST_NODE_TYPES.Property) continue;
    const name = keyName(entry.key);
    if (name) values.set(normal(name), { name, value: skipTransparent(entry.value), at: entry });
  }
  return { node: call, method, model, values, filters };
}

function sqlWrite(file: FileContext, node: TSESTree.Literal | TSESTree.TemplateLiteral): RowWrite | undefined {
  const text = sqlTextOf(file, node);
  if (!text || !/^\s*update\b/i.test(text.text)) return undefined;
  const sql = parseSql(text.text);
  if (sql.kind !== 'update' || sql.assignments.length === 0) return undefined;
  const values = new Map(sql.assignments.map((assignment) => [normal(assignment.column), { name: assignment.column, value: assignment.expression, at: node as TSESTree.Node }]));
  return { node, method: 'UPDATE', model: sql.table, values, filters: sql.where ? [sql.where] : [] };
}

/** The calls of a method chain holding `call`, outermost last. */
function chainOf(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const chain: TSESTree.CallExpression[] = [];
  for (let inner: TSESTree.Node = call; ; ) {
    const node = skipTransparent(inner);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      chain.unshift(node);
      inner = node.callee;
    } else if (node.type === AST_NODE_TYPES.MemberExpression) inner = node.object;
    else break;
  }
  for (let outer: TSESTree.Node = call; ; ) {
    const member: TSESTree.Node | undefined = outer.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outer) break;
    const next: TSESTree.Node | undefined = member.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) break;
    chain.push(next);
    outer = next;
  }
  return chain;
}

/** The table or entity a chain step names: `getRepository(Task)`, `from('tasks')`, `knex('tasks')`, `update(Task)`. */
function stepModel(step: TSESTree.CallExpression): string | undefined {
  const name = calleeName(step);
  const first = step.arguments[0] && skipTransparent(step.arguments[0]);
  if (!first || !name) return undefined;
  const callee = skipTransparent(step.callee);
  if ((rowLockWrites.tableCalls as readonly string[]).includes(name) || callee.type === AST_NODE_TYPES.Identifier) {
    return first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : nameOf(first);
  }
  if (name === 'update' && step.arguments.length === 1 && first.type === AST_NODE_TYPES.Identifier) return first.name;
  return undefined;
}

function chainModel(receiver: TSESTree.Node): string | undefined {
  const node = skipTransparent(receiver);
  return node.type === AST_NODE_TYPES.CallExpression ? chainOf(node).map(stepModel).find((found) => found !== undefined) : undefined;
}

const nameOf = (node: TSESTree.Node): string | undefined => (node.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(node.name) ? node.name : undefined);
