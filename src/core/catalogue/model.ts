/**
 * The vocabulary of the API catalogue. Libraries are described as data: which calls check, read, write,
 * create, delete, lock or release a shared resource, and which argument names that resource. Rules ask the
 * catalogue; they never match library names themselves.
 */

/** What a call does to the shared resource it names. */
export type Effect =
  /** Observes whether the resource exists or what state it is in (`existsSync`, `findUnique`, `count`). */
  | 'check'
  /** Reads the resource's value (`readFile`, `GET`, `findOne`). */
  | 'read'
  /** Overwrites the resource's value (`writeFile`, `SET`, `update`). */
  | 'write'
  /** Brings the resource into existence (`mkdir`, `create`, `INSERT`). */
  | 'create'
  /** Removes the resource (`unlink`, `rm`, `delete`, `DEL`). */
  | 'delete'
  /** Any other operation whose outcome depends on the resource's state (`chmod`, `rename`, `open`). */
  | 'act'
  /** An operation that is atomic on its own (`upsert`, `INCRBY`, `$inc`). */
  | 'atomic'
  /** Takes a lock. */
  | 'lock'
  /** Releases a lock. */
  | 'release';

/** How a call delivers its result. It decides the shape of a fix. */
export type CallForm = 'sync' | 'callback' | 'promise';

/** One callable API of a library. */
export interface ApiCall {
  readonly effect: Effect;
  /** Positions of the arguments that identify the resource (a path, a key, a model's `where`). */
  readonly resourceArgs: readonly number[];
  /**
   * How the call delivers its result. `'dual'`: a promise when no callback is passed (fs-extra's
   * universalify wrappers).
   */
  readonly form: CallForm | 'dual';
}

/** A map from export name to call, with nested namespaces (`fs.promises.stat`). */
export interface ExportTable {
  readonly [name: string]: ApiCall | ExportTable;
}

/** A library found through its module specifier (built-ins and packages imported by name). */
export interface ModuleLibrary {
  /** Short id used in messages and options: `fs`, `fs-extra`. */
  readonly id: string;
  /** Every specifier that loads the same table (`fs`, `node:fs`, `graceful-fs`). */
  readonly modules: readonly string[];
  readonly exports: ExportTable;
}

export const isApiCall = (entry: ApiCall | ExportTable | undefined): entry is ApiCall =>
  entry !== undefined && typeof (entry as ApiCall).effect === 'string' && Array.isArray((entry as ApiCall).resourceArgs);

/** Each table's own entries as a map, built on first use: asked for every call of every file. */
const ownEntries = new WeakMap<object, Map<string, unknown>>();

/**
 * A catalogue table's own entry for a name from the user's code: `constructor` or `toString` is a method
 * every object inherits, never an API the table describes.
 */
export function entryOf<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  let entries = ownEntries.get(table) as Map<string, T> | undefined;
  if (!entries) ownEntries.set(table, (entries = new Map(Object.entries(table))));
  return entries.get(name);
}

