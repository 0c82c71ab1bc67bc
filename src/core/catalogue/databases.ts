import type { Effect } from './model.js';

/**
 * Database clients and ORMs, described as data. A library is recognised by the type that declares the called
 * method (the class or interface of a package, found through the type checker) or, for generated clients
 * such as Prisma's, by the receiver's shape. Without type information, `untyped` says which constructors and
 * factories of the module produce which owner, so that the receiver's binding can be followed in the file.
 */

/** Where in a call's arguments a part of the operation sits: `args[0].where`, `options.lock`. */
export interface ArgumentPath {
  readonly arg: number;
  /** A property of that argument (an object literal), when the part is nested. */
  readonly property?: string;
}

export interface DatabaseOperation {
  readonly effect: Effect;
  /** The filter that names the rows: a `where` object, a Mongo filter, a primary key. */
  readonly filter?: ArgumentPath;
  /** The values written: Prisma `data`, TypeORM's partial entity, a Mongo update document. */
  readonly data?: ArgumentPath;
  /** The values created by a create/insert, when they differ from `data`. */
  readonly created?: ArgumentPath;
  /** The entity or document the call acts on: an argument (`repo.save(entity)`) or the receiver (`doc.save()`). */
  readonly instance?: ArgumentPath | 'receiver';
  /** The argument carrying options that may hold `transaction`, `lock`, `session`. */
  readonly options?: ArgumentPath;
  /** The argument holding SQL text, and the one holding its parameters. */
  readonly sql?: number;
  readonly params?: number;
  /** The entity class the call names in its first argument (TypeORM's EntityManager). */
  readonly entityArg?: number;
  /** The filter is a primary key value rather than an object (`findByPk(id)`, `findById(id)`). */
  readonly filterIsKey?: boolean;
  /** The call throws when nothing matches (`findUniqueOrThrow`, `findOneOrFail`). */
  readonly throwsWhenMissing?: boolean;
  /**
   * An instance constructed in the call itself (`repo.save(new User({ email }))`) is a row not stored yet: the
   * call inserts it, with the constructor's argument as the values (unless they name the primary key).
   */
  readonly insertsConstructed?: boolean;
  /** A create that overwrites an existing row (DynamoDB `Put`): also a write of values read earlier. */
  readonly overwrites?: boolean;
  /** The written values are an update expression with placeholders (`UpdateExpression` + `ExpressionAttributeValues`). */
  readonly updateExpression?: { readonly expression: ArgumentPath; readonly values: ArgumentPath };
  /**
   * An upsert the library runs as one database statement only in some shapes (Prisma's documented criteria: no
   * nested writes or relation reads, one unique field in `where`, the same value for it in `create`); in the
   * others it reads, then creates or updates, and concurrent callers race between the two.
   */
  readonly nativeUpsertOnly?: { readonly where: ArgumentPath; readonly create: ArgumentPath; readonly update: ArgumentPath };
}

/** Operations keyed by method name. */
export type OperationTable = Readonly<Record<string, DatabaseOperation>>;

/** How to recognise a library's objects without type information. */
export interface UntypedRecognition {
  /** Module specifiers the constructors are imported from (any import style). Empty: any module. */
  readonly modules: readonly string[];
  /** `new X()` → the owner its instances are. */
  readonly constructors: Readonly<Record<string, string>>;
  /** `owner.method(...)` → the owner of its (awaited) result, e.g. `pool.connect()` → `ClientBase`. */
  readonly factories?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `owner.property` → owner (`dataSource.manager`). */
  readonly properties?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `owner.method(..., callback)`: the callback's first parameter is this owner (transactions). */
  readonly callbacks?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Classes extending one of these module exports are this owner (`class Account extends Model`). */
  readonly baseClasses?: Readonly<Record<string, string>>;
  /** Calls to these module exports return this owner (`model('User', schema)`). */
  readonly functions?: Readonly<Record<string, string>>;
  /** Owners whose property accesses are model delegates (`prisma.account`). */
  readonly delegates?: Readonly<Record<string, string>>;
  /** Module exports that are an owner themselves, used without a call (RedBean's `const { R } = require(…)`). */
  readonly objects?: Readonly<Record<string, string>>;
  /**
   * Owners that are rows not yet stored (RedBean's `R.dispense('user')`): an operation that writes one as its
   * `instance` creates the row, in the model its factory named.
   */
  readonly newRows?: readonly string[];
}

export interface DatabaseLibrary {
  /** Short id used in messages: `prisma`, `pg`. */
  readonly id: string;
  /** Packages whose declarations define the owners (`@types/pg` declares `pg`). */
  readonly packages: readonly string[];
  /** Declaring class or interface name → its operations. Static methods are keyed `static <Class>`. */
  readonly owners: Readonly<Record<string, OperationTable>>;
  /** Generated clients: an owner recognised by the properties its type has, wherever it was generated. */
  readonly shapes?: Readonly<Record<string, readonly string[]>>;
  readonly untyped?: UntypedRecognition;
  /** Transaction APIs: method → where the isolation level and the callback are. */
  readonly transactions?: Readonly<Record<string, TransactionApi>>;
  /** What to write after `catch` to recognise a unique violation, for messages. */
  readonly uniqueViolation?: string;
  /** The atomic alternatives, as messages name them. */
  readonly advice: LibraryAdvice;
  /**
   * Command objects sent to a client (`client.send(new GetCommand(input))`): the command's class names the
   * operation, its input holds the table, key and values. Argument paths of these operations point into the
   * command constructor's arguments.
   */
  readonly commands?: CommandSpec;
  /** Query builders (Knex): an operation at the end of a chain that starts at a callable root. */
  readonly builder?: BuilderSpec;
  /** A field every model or collection of the library keys uniquely, whatever its schema says (Mongo's `_id`). */
  readonly primaryKey?: string;
  /** How a caught error says "unique violation": the property to test and its value, as source text. */
  readonly uniqueViolationError?: { readonly property: string; readonly value: string };
  /** What a `catch` that tells the library's unique violation apart names (see `UniqueViolationSigns`). */
  readonly uniqueViolationSigns?: UniqueViolationSigns;
  /** The property of a raw SQL statement's result that counts the rows it changed (pg `rowCount`). */
  readonly changedRows?: string;
}

/**
 * The marks of a unique violation in code that handles one: values of the error's `code` or `name`
 * (`'P2002'`, `11000`), fragments of its message (`'duplicate key'`), classes thrown for nothing else.
 */
export interface UniqueViolationSigns {
  readonly codes: readonly (string | number)[];
  readonly messages?: readonly string[];
  readonly classes?: readonly string[];
}

export interface LibraryAdvice {
  /** Instead of writing back a value computed from a read. */
  readonly atomicUpdate: string;
  /** Instead of checking a value and then writing: the condition moved into the write. */
  readonly conditionalWrite: string;
  /** Instead of checking that a row is absent and then creating it. */
  readonly createOnce: string;
}

/**
 * A query-builder chain: `db('accounts').where({ id }).forUpdate().first()`. The operation is the last call;
 * the chain below it names the table, the filter, the lock and the conflict handling.
 */
export interface BuilderSpec {
  /** Type names (declared in the library's packages) of the callable roots: `Knex`, `Transaction`. */
  readonly rootTypes: readonly string[];
  /** The owner name `untyped` gives the roots. */
  readonly rootOwner: string;
  /** Calls in the chain whose first argument is the filter object. */
  readonly filterMethods: readonly string[];
  /** Calls in the chain whose first argument names the table (besides the root call itself). */
  readonly tableMethods: readonly string[];
  /** Calls in the chain that take a row lock. */
  readonly lockMethods: readonly string[];
  /** Calls after an insert that make it resolve conflicts itself (`onConflict().ignore()`). */
  readonly conflictMethods: readonly string[];
  /** Atomic replacements for a write-back: `update({ n: row.n + d })` → `increment('n', d)`. */
  readonly increment?: string;
  readonly decrement?: string;
  /**
   * Where the operation is named. Knex (default): the chain's last call (`db('t').where(...).first()`).
   * `'root'` (Drizzle): the chain's first call on the root (`db.select()`, `db.update(table)`); the statement
   * is the whole chain, up to its last call.
   */
  readonly operationAt?: 'last' | 'root';
  /** With `operationAt: 'root'`: the other calls a statement may end with (besides filter, table, lock, data calls). */
  readonly tailMethods?: readonly string[];
  /** Calls in the chain whose first argument is the written values (`set({...})`). */
  readonly dataMethods?: readonly string[];
  /** Tables are objects (`pgTable(...)`), named in the chain by their variable rather than a string. */
  readonly tableObjects?: boolean;
  /**
   * The atomic replacement for a write-back is the column's own value in a tagged SQL template
   * (`set({ n: sql\`${table.n} + ${d}\` })`): the tag and the module exporting it.
   */
  readonly sqlTag?: { readonly name: string; readonly module: string };
}

export interface CommandSpec {
  /** The client method that sends a command. */
  readonly method: string;
  /** Modules exporting the command classes. */
  readonly modules: readonly string[];
  /** Command class → operation. */
  readonly operations: Readonly<Record<string, DatabaseOperation>>;
  /** The input property naming the table. */
  readonly tableProperty: string;
  /** An input property that makes a write conditional (atomic): `ConditionExpression`. */
  readonly conditionProperty: string;
}

export interface TransactionApi {
  /** Owners on which the method starts a transaction. */
  readonly owners: readonly string[];
  /** Where the isolation level is: an argument or a property of one. */
  readonly isolation?: ArgumentPath | readonly ArgumentPath[];
}

const arg0 = { arg: 0 } as const;
const where0 = { arg: 0, property: 'where' } as const;

// --- Prisma --------------------------------------------------------------------------------------------------

const prismaDelegate: OperationTable = {
  findUnique: { effect: 'read', filter: where0, options: arg0 },
  findUniqueOrThrow: { effect: 'read', filter: where0, options: arg0, throwsWhenMissing: true },
  findFirst: { effect: 'read', filter: where0, options: arg0 },
  findFirstOrThrow: { effect: 'read', filter: where0, options: arg0, throwsWhenMissing: true },
  findMany: { effect: 'read', filter: where0, options: arg0 },
  count: { effect: 'check', filter: where0, options: arg0 },
  create: { effect: 'create', data: { arg: 0, property: 'data' }, options: arg0 },
  createMany: { effect: 'create', data: { arg: 0, property: 'data' }, options: arg0 },
  update: { effect: 'write', filter: where0, data: { arg: 0, property: 'data' }, options: arg0 },
  updateMany: { effect: 'write', filter: where0, data: { arg: 0, property: 'data' }, options: arg0 },
  upsert: {
    effect: 'atomic',
    filter: where0,
    data: { arg: 0, property: 'update' },
    created: { arg: 0, property: 'create' },
    options: arg0,
    nativeUpsertOnly: { where: where0, create: { arg: 0, property: 'create' }, update: { arg: 0, property: 'update' } },
  },
  delete: { effect: 'delete', filter: where0, options: arg0 },
  deleteMany: { effect: 'delete', filter: where0, options: arg0 },
};

export const prisma: DatabaseLibrary = {
  id: 'prisma',
  packages: ['@prisma/client', '.prisma'],
  owners: { Delegate: prismaDelegate },
  shapes: {
    // A model delegate of any generated client.
    Delegate: ['findUnique', 'findFirst', 'create', 'upsert', 'updateMany', 'deleteMany'],
    // The client itself (the interactive transaction's client omits `$transaction`).
    Client: ['$executeRaw', '$queryRaw'],
  },
  untyped: {
    modules: [],
    constructors: { PrismaClient: 'Client' },
    callbacks: { Client: { $transaction: 'Client' } },
    delegates: { Client: 'Delegate' },
  },
  transactions: { $transaction: { owners: ['Client'], isolation: { arg: 1, property: 'isolationLevel' } } },
  uniqueViolation: "Prisma.PrismaClientKnownRequestError with code 'P2002'",
  uniqueViolationError: { property: 'code', value: "'P2002'" },
  uniqueViolationSigns: { codes: ['P2002'] },
  advice: {
    atomicUpdate: 'Let the database compute it: `data: { field: { increment: n } }` / `{ decrement: n }`',
    conditionalWrite: 'Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1',
    createOnce:
      "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)",
  },
};

// --- pg ------------------------------------------------------------------------------------------------------

const sqlQuery: OperationTable = { query: { effect: 'read', sql: 0, params: 1 } };

export const pg: DatabaseLibrary = {
  id: 'pg',
  packages: ['pg', '@types/pg'],
  owners: { Pool: sqlQuery, ClientBase: sqlQuery, Client: sqlQuery, PoolClient: sqlQuery },
  untyped: {
    modules: ['pg'],
    constructors: { Pool: 'Pool', Client: 'ClientBase' },
    factories: { Pool: { connect: 'ClientBase' } },
  },
  uniqueViolation: "a DatabaseError with code '23505'",
  uniqueViolationError: { property: 'code', value: "'23505'" },
  uniqueViolationSigns: { codes: ['23505'], messages: ['duplicate key'] },
  changedRows: 'rowCount',
  advice: {
    atomicUpdate: 'Compute it in the statement: `SET column = column + $1`',
    conditionalWrite: 'Put the condition in the statement (`UPDATE ... WHERE id = $1 AND balance >= $2`) and check `rowCount`',
    createOnce: 'Insert directly with `ON CONFLICT DO NOTHING` (or catch `23505`) and check `rowCount`',
  },
};

// --- TypeORM -------------------------------------------------------------------------------------------------

const typeormRepository: OperationTable = {
  findOne: { effect: 'read', filter: where0, options: arg0 },
  findOneBy: { effect: 'read', filter: arg0 },
  findOneOrFail: { effect: 'read', filter: where0, options: arg0, throwsWhenMissing: true },
  findOneByOrFail: { effect: 'read', filter: arg0, throwsWhenMissing: true },
  find: { effect: 'read', filter: where0, options: arg0 },
  findBy: { effect: 'read', filter: arg0 },
  exists: { effect: 'check', filter: where0, options: arg0 },
  existsBy: { effect: 'check', filter: arg0 },
  count: { effect: 'check', filter: where0, options: arg0 },
  countBy: { effect: 'check', filter: arg0 },
  save: { effect: 'write', instance: arg0, data: arg0, insertsConstructed: true },
  insert: { effect: 'create', data: arg0 },
  update: { effect: 'write', filter: arg0, data: { arg: 1 } },
  upsert: { effect: 'atomic', data: arg0 },
  delete: { effect: 'delete', filter: arg0 },
  remove: { effect: 'delete', instance: arg0 },
  increment: { effect: 'atomic', filter: arg0 },
  decrement: { effect: 'atomic', filter: arg0 },
};

/** EntityManager methods take the entity class first: every argument position moves by one. */
const shifted = (table: OperationTable): OperationTable =>
  Object.fromEntries(
    Object.entries(table).map(([name, operation]) => {
      const move = (path: ArgumentPath | undefined): ArgumentPath | undefined => path && { ...path, arg: path.arg + 1 };
      const moved: DatabaseOperation = {
        ...operation,
        entityArg: 0,
        filter: move(operation.filter),
        data: move(operation.data),
        options: move(operation.options),
        instance: operation.instance === 'receiver' ? 'receiver' : move(operation.instance),
      };
      return [name, moved];
    }),
  );

export const typeorm: DatabaseLibrary = {
  id: 'typeorm',
  packages: ['typeorm'],
  owners: {
    Repository: typeormRepository,
    // `manager.save(entity)` also exists without the class argument; only the class-first forms are modelled.
    EntityManager: shifted(typeormRepository),
  },
  untyped: {
    modules: ['typeorm'],
    constructors: { DataSource: 'DataSource' },
    factories: { DataSource: { getRepository: 'Repository' }, EntityManager: { getRepository: 'Repository' } },
    properties: { DataSource: { manager: 'EntityManager' } },
    callbacks: { DataSource: { transaction: 'EntityManager' }, EntityManager: { transaction: 'EntityManager' } },
  },
  transactions: {
    transaction: { owners: ['DataSource', 'EntityManager'], isolation: arg0 },
  },
  uniqueViolation: "a QueryFailedError whose driverError code is '23505' (PostgreSQL) or 'ER_DUP_ENTRY' (MySQL)",
  uniqueViolationSigns: { codes: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE'], messages: ['duplicate key'] },
  advice: {
    atomicUpdate: 'Use `repository.increment(where, column, n)` / `decrement(...)`, or read with `lock: { mode: \'pessimistic_write\' }` in the transaction',
    conditionalWrite: 'Put the condition in an `UPDATE ... WHERE` (query builder `update().where(...)`) and check `affected`, or read with a pessimistic_write lock in the transaction',
    createOnce: 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`',
  },
};

/** Filter operators, by the module exporting them, that called without arguments select a fixed condition (`deletedAt: IsNull()`), not a key. */
export const constantFilterOperators: Readonly<Record<string, readonly string[]>> = { typeorm: ['IsNull'] };

// --- Sequelize -----------------------------------------------------------------------------------------------

const whereOf = (arg: number) => ({ arg, property: 'where' }) as const;

export const sequelize: DatabaseLibrary = {
  id: 'sequelize',
  packages: ['sequelize'],
  owners: {
    'static Model': {
      findOne: { effect: 'read', filter: whereOf(0), options: arg0 },
      findByPk: { effect: 'read', filter: arg0, filterIsKey: true, options: { arg: 1 } },
      findAll: { effect: 'read', filter: whereOf(0), options: arg0 },
      count: { effect: 'check', filter: whereOf(0), options: arg0 },
      create: { effect: 'create', data: arg0, options: { arg: 1 } },
      bulkCreate: { effect: 'create', data: arg0, options: { arg: 1 } },
      update: { effect: 'write', data: arg0, filter: whereOf(1), options: { arg: 1 } },
      destroy: { effect: 'delete', filter: whereOf(0), options: arg0 },
      upsert: { effect: 'atomic', data: arg0, options: { arg: 1 } },
      increment: { effect: 'atomic', filter: whereOf(1), options: { arg: 1 } },
      decrement: { effect: 'atomic', filter: whereOf(1), options: { arg: 1 } },
    },
    Model: {
      save: { effect: 'write', instance: 'receiver', options: arg0 },
      update: { effect: 'write', instance: 'receiver', data: arg0, options: { arg: 1 } },
      destroy: { effect: 'delete', instance: 'receiver', options: arg0 },
      increment: { effect: 'atomic', instance: 'receiver', options: { arg: 1 } },
      decrement: { effect: 'atomic', instance: 'receiver', options: { arg: 1 } },
    },
  },
  untyped: {
    // sequelize-typescript's `Model` (decorated classes) extends sequelize's and adds no method of its own here.
    modules: ['sequelize', '@sequelize/core', 'sequelize-typescript'],
    constructors: { Sequelize: 'Sequelize' },
    baseClasses: { Model: 'static Model' },
    factories: { 'static Model': { findOne: 'Model', findByPk: 'Model', create: 'Model' }, Sequelize: { define: 'static Model' } },
    callbacks: { Sequelize: { transaction: 'Transaction' } },
  },
  transactions: { transaction: { owners: ['Sequelize'], isolation: { arg: 0, property: 'isolationLevel' } } },
  uniqueViolation: 'a UniqueConstraintError',
  uniqueViolationError: { property: 'name', value: "'SequelizeUniqueConstraintError'" },
  uniqueViolationSigns: { codes: ['SequelizeUniqueConstraintError'], classes: ['UniqueConstraintError'] },
  advice: {
    atomicUpdate: 'Use `increment()` / `decrement()`, or read with `lock: true` in the transaction',
    conditionalWrite: 'Put the condition in `Model.update(values, { where: { ...key, <condition> } })` and check the affected count',
    createOnce: 'Create directly and catch `UniqueConstraintError`',
  },
};

// --- Mongoose ------------------------------------------------------------------------------------------------

const mongoFilter = arg0;

export const mongoose: DatabaseLibrary = {
  id: 'mongoose',
  packages: ['mongoose'],
  primaryKey: '_id',
  owners: {
    Model: {
      findOne: { effect: 'read', filter: mongoFilter },
      findById: { effect: 'read', filter: arg0, filterIsKey: true },
      find: { effect: 'read', filter: mongoFilter },
      exists: { effect: 'check', filter: mongoFilter },
      countDocuments: { effect: 'check', filter: mongoFilter },
      create: { effect: 'create', data: arg0 },
      insertMany: { effect: 'create', data: arg0 },
      updateOne: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      updateMany: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      replaceOne: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      findByIdAndUpdate: { effect: 'atomic', filter: arg0, filterIsKey: true, data: { arg: 1 } },
      findOneAndUpdate: { effect: 'atomic', filter: mongoFilter, data: { arg: 1 } },
      deleteOne: { effect: 'delete', filter: mongoFilter },
      deleteMany: { effect: 'delete', filter: mongoFilter },
    },
    Document: {
      save: { effect: 'write', instance: 'receiver' },
      deleteOne: { effect: 'delete', instance: 'receiver' },
    },
  },
  untyped: {
    modules: ['mongoose'],
    constructors: {},
    functions: { model: 'Model' },
    factories: { Model: { findOne: 'Document', findById: 'Document', create: 'Document' } },
  },
  uniqueViolation: "a MongoServerError with code 11000 (E11000)",
  uniqueViolationError: { property: 'code', value: '11000' },
  uniqueViolationSigns: { codes: [11000, 'E11000'], messages: ['duplicate key'] },
  advice: {
    atomicUpdate: 'Use `$inc` (on a document: `doc.$inc(path, n)` before `save()`)',
    conditionalWrite: 'Put the condition in the filter of `updateOne` / `findOneAndUpdate` and check the result',
    createOnce: 'Create directly and catch the duplicate-key error (`E11000`), or `findOneAndUpdate(filter, { $setOnInsert }, { upsert: true })`',
  },
};

// --- MongoDB driver ------------------------------------------------------------------------------------------

export const mongodb: DatabaseLibrary = {
  id: 'mongodb',
  packages: ['mongodb'],
  primaryKey: '_id',
  owners: {
    Collection: {
      findOne: { effect: 'read', filter: mongoFilter },
      find: { effect: 'read', filter: mongoFilter },
      countDocuments: { effect: 'check', filter: mongoFilter },
      insertOne: { effect: 'create', data: arg0 },
      insertMany: { effect: 'create', data: arg0 },
      updateOne: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      updateMany: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      replaceOne: { effect: 'write', filter: mongoFilter, data: { arg: 1 } },
      findOneAndUpdate: { effect: 'atomic', filter: mongoFilter, data: { arg: 1 } },
      deleteOne: { effect: 'delete', filter: mongoFilter },
      deleteMany: { effect: 'delete', filter: mongoFilter },
    },
  },
  untyped: {
    modules: ['mongodb'],
    constructors: { MongoClient: 'MongoClient' },
    factories: { MongoClient: { db: 'Db' }, Db: { collection: 'Collection' } },
  },
  uniqueViolation: 'a MongoServerError with code 11000 (E11000)',
  uniqueViolationError: { property: 'code', value: '11000' },
  uniqueViolationSigns: { codes: [11000, 'E11000'], messages: ['duplicate key'] },
  advice: {
    atomicUpdate: 'Use `$inc` in `updateOne`',
    conditionalWrite: 'Put the condition in the filter of `updateOne` / `findOneAndUpdate` and check `modifiedCount`',
    createOnce: 'Insert directly and catch the duplicate-key error (`E11000`), or `updateOne(filter, { $setOnInsert }, { upsert: true })`',
  },
};

// --- Knex ----------------------------------------------------------------------------------------------------

export const knex: DatabaseLibrary = {
  id: 'knex',
  packages: ['knex'],
  owners: {
    Builder: {
      first: { effect: 'read' },
      select: { effect: 'read' },
      count: { effect: 'check' },
      insert: { effect: 'create', data: arg0 },
      update: { effect: 'write', data: arg0 },
      del: { effect: 'delete' },
      delete: { effect: 'delete' },
      increment: { effect: 'atomic' },
      decrement: { effect: 'atomic' },
    },
  },
  builder: {
    rootTypes: ['Knex', 'Transaction'],
    rootOwner: 'Root',
    filterMethods: ['where', 'andWhere'],
    tableMethods: ['from', 'table', 'into'],
    lockMethods: ['forUpdate', 'forNoKeyUpdate'],
    conflictMethods: ['onConflict'],
    increment: 'increment',
    decrement: 'decrement',
  },
  untyped: {
    modules: ['knex'],
    constructors: {},
    functions: { '*': 'Root', knex: 'Root' },
    callbacks: { Root: { transaction: 'Root' } },
  },
  transactions: { transaction: { owners: ['Root'], isolation: { arg: 1, property: 'isolationLevel' } } },
  advice: {
    atomicUpdate: "Let the database compute it: `.increment('column', n)` / `.decrement('column', n)`",
    conditionalWrite: "Put the condition in the update's `where` and check the affected count",
    createOnce: 'Insert with `.onConflict(key).ignore()` (or catch the unique violation) and check the result',
  },
  uniqueViolationError: { property: 'code', value: "'23505'" },
  uniqueViolationSigns: { codes: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE'], messages: ['duplicate key'] },
};

// --- RedBeanNode ----------------------------------------------------------------------------------------------

// RedBeanNode wraps a Knex instance: `R.knex('user')` starts Knex's chains, read by Knex's builder spec.
export const redbean: DatabaseLibrary = {
  id: 'redbean',
  packages: ['redbean-node'],
  owners: {
    R: {
      // `R.count('user')`; with SQL conditions (`R.count('user', 'active = 1')`) the rows are named by that text.
      count: { effect: 'check', entityArg: 0, filter: { arg: 1 } },
      store: { effect: 'write', instance: arg0, data: arg0 },
      trash: { effect: 'delete', instance: arg0 },
    },
    Builder: knex.owners.Builder!,
  },
  builder: { ...knex.builder!, rootTypes: [] },
  untyped: {
    modules: ['redbean-node'],
    constructors: {},
    objects: { R: 'R' },
    properties: { R: { knex: 'Root' } },
    factories: { R: { dispense: 'NewBean' } },
    newRows: ['NewBean'],
  },
  advice: {
    atomicUpdate: "Let the database compute it: `R.knex(table).where(...).increment('column', n)`",
    conditionalWrite: "Put the condition in the update's `where` (`R.knex(table).where(...).update(...)`) and check the affected count",
    createOnce: 'Store under a unique index and catch the violation, or hold a lock across the check and the store',
  },
};

// --- Drizzle ---------------------------------------------------------------------------------------------------

export const drizzle: DatabaseLibrary = {
  id: 'drizzle',
  packages: ['drizzle-orm'],
  owners: {
    // The call on the database that starts the statement (`db.select().from(t).where(...)`).
    Builder: {
      select: { effect: 'read' },
      update: { effect: 'write' },
      insert: { effect: 'create' },
      delete: { effect: 'delete' },
    },
    // The relational query API: `db.query.users.findFirst({ where: eq(users.email, email) })`, the table named by
    // the property of `db.query`, the filter `where` (also a callback `(users, { eq }) => eq(users.email, email)`).
    RelationalQueryBuilder: {
      findFirst: { effect: 'read', filter: where0, options: arg0 },
      findMany: { effect: 'read', filter: where0, options: arg0 },
    },
  },
  builder: {
    // `PgTransaction` extends `PgDatabase`; `NodePgDatabase` is `PgDatabase & { $client }`.
    rootTypes: ['PgDatabase', 'NodePgDatabase'],
    rootOwner: 'Root',
    operationAt: 'root',
    filterMethods: ['where'],
    tableMethods: ['from', 'update', 'insert', 'delete'],
    lockMethods: ['for'],
    conflictMethods: ['onConflictDoNothing', 'onConflictDoUpdate'],
    dataMethods: ['set', 'values'],
    // `get`/`all`/`run`: SQLite drivers run the statement by these.
    tailMethods: ['limit', 'returning', 'get', 'all', 'run'],
    tableObjects: true,
    sqlTag: { name: 'sql', module: 'drizzle-orm' },
  },
  untyped: {
    // The drivers' `drizzle()` (PostgreSQL, MySQL and SQLite alike: the query builder is the same).
    modules: [
      'drizzle-orm/node-postgres',
      'drizzle-orm/postgres-js',
      'drizzle-orm/pglite',
      'drizzle-orm/neon-serverless',
      'drizzle-orm/neon-http',
      'drizzle-orm/vercel-postgres',
      'drizzle-orm/mysql2',
      'drizzle-orm/planetscale-serverless',
      'drizzle-orm/libsql',
      'drizzle-orm/libsql/http',
      'drizzle-orm/better-sqlite3',
      'drizzle-orm/d1',
    ],
    constructors: {},
    functions: { drizzle: 'Root' },
    callbacks: { Root: { transaction: 'Root' } },
    properties: { Root: { query: 'RelationalQueries' } },
    delegates: { RelationalQueries: 'RelationalQueryBuilder' },
  },
  transactions: { transaction: { owners: ['Root'], isolation: { arg: 1, property: 'isolationLevel' } } },
  advice: {
    atomicUpdate: 'Let the database compute it: set the column to the `sql` tag over its own value (`${table.column} + ${n}`)',
    conditionalWrite: "Put the condition in the update's `where` and check the rows it returns",
    createOnce: 'Insert with `.onConflictDoNothing()` (or catch the unique violation) and check the result',
  },
  uniqueViolationError: { property: 'code', value: "'23505'" },
  uniqueViolationSigns: { codes: ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE'], messages: ['duplicate key'] },
};

// --- DynamoDB (AWS SDK v3) ----------------------------------------------------------------------------------

const input = (property: string): ArgumentPath => ({ arg: 0, property });
const dynamoUpdate = { expression: input('UpdateExpression'), values: input('ExpressionAttributeValues') };

export const dynamodb: DatabaseLibrary = {
  id: 'dynamodb',
  packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  owners: {},
  commands: {
    method: 'send',
    modules: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    tableProperty: 'TableName',
    conditionProperty: 'ConditionExpression',
    operations: {
      GetCommand: { effect: 'read', filter: input('Key') },
      GetItemCommand: { effect: 'read', filter: input('Key') },
      PutCommand: { effect: 'create', data: input('Item'), overwrites: true },
      PutItemCommand: { effect: 'create', data: input('Item'), overwrites: true },
      UpdateCommand: { effect: 'write', filter: input('Key'), updateExpression: dynamoUpdate },
      UpdateItemCommand: { effect: 'write', filter: input('Key'), updateExpression: dynamoUpdate },
      DeleteCommand: { effect: 'delete', filter: input('Key') },
      DeleteItemCommand: { effect: 'delete', filter: input('Key') },
    },
  },
  advice: {
    atomicUpdate: 'Let DynamoDB compute it: `UpdateExpression: \'ADD n :d\'` or `\'SET n = n + :d\'`',
    conditionalWrite: 'Put the condition in the write: `ConditionExpression` (e.g. `balance >= :amount`), and handle `ConditionalCheckFailedException`',
    createOnce: "Put with `ConditionExpression: 'attribute_not_exists(<key>)'` and handle `ConditionalCheckFailedException`",
  },
};

export const databaseLibraries: readonly DatabaseLibrary[] = [prisma, pg, typeorm, sequelize, mongoose, mongodb, knex, redbean, drizzle, dynamodb];

/**
 * The vocabulary used for the user's own repositories and wrappers (named in rule options): the effect is read
 * from the method name, and the first argument names the row.
 */
export const repositoryVocabulary: readonly { readonly pattern: RegExp; readonly operation: DatabaseOperation }[] = [
  { pattern: /^(?:count|exists|has|isTaken)/, operation: { effect: 'check', filter: arg0 } },
  { pattern: /^(?:find|get|load|fetch|read)/, operation: { effect: 'read', filter: arg0 } },
  { pattern: /^(?:create|insert|add|register)/, operation: { effect: 'create', data: arg0 } },
  { pattern: /^(?:update|save|set|put|debit|credit)/, operation: { effect: 'write', filter: arg0, data: { arg: 1 } } },
  { pattern: /^(?:delete|remove|destroy)/, operation: { effect: 'delete', filter: arg0 } },
];

/** The calls a root-named builder statement (Drizzle) may end with: the cheap filter before its chain is read. */
export const builderStatementEnds: ReadonlySet<string> = new Set(
  databaseLibraries.flatMap((library) => {
    const spec = library.builder;
    if (spec?.operationAt !== 'root') return [];
    return [
      ...Object.keys(library.owners.Builder ?? {}),
      ...spec.filterMethods,
      ...spec.tableMethods,
      ...spec.lockMethods,
      ...spec.conflictMethods,
      ...(spec.dataMethods ?? []),
      ...(spec.tailMethods ?? []),
    ];
  }),
);

/**
 * The method names that classes and interfaces of the libraries declare: what a call in another file's function
 * body is recognised by (through the declaring class or the client's shape). Query-builder chains (`Builder`)
 * and command objects are recognised by their root in the file being linted only.
 */
export const declaredMethodNames: ReadonlySet<string> = new Set(
  databaseLibraries.flatMap((library) =>
    Object.entries(library.owners)
      .filter(([owner]) => !(library.builder && owner === 'Builder'))
      .flatMap(([, table]) => Object.keys(table)),
  ),
);

/**
 * The method names that may read or check rows: a read or count, a query whose SQL decides, a command call
 * (its command decides). With `builderStatementEnds` (a statement's last call), the cheap filter for the first
 * half of a read-then-write pair.
 */
export const readMethodNames: ReadonlySet<string> = new Set(
  databaseLibraries.flatMap((library) => [
    ...Object.values(library.owners).flatMap((table) =>
      Object.entries(table)
        .filter(([, operation]) => operation.effect === 'read' || operation.effect === 'check' || operation.sql !== undefined)
        .map(([name]) => name),
    ),
    ...(library.commands ? [library.commands.method] : []),
  ]),
);

/** Every method name any library catalogues: the cheap filter before any type query. */
export const databaseMethodNames: ReadonlySet<string> = new Set(
  databaseLibraries.flatMap((library) => [
    ...Object.values(library.owners).flatMap((table) => Object.keys(table)),
    ...(library.commands ? [library.commands.method] : []),
  ]),
);

/**
 * The operation `method` of `owner` in `library`'s table: own entries only, so a method every object has
 * (`toString`, `hasOwnProperty`) is never taken for a catalogued operation.
 */
export function operationOf(library: DatabaseLibrary, owner: string, method: string): DatabaseOperation | undefined {
  const table = Object.hasOwn(library.owners, owner) ? library.owners[owner] : undefined;
  return table && Object.hasOwn(table, method) ? table[method] : undefined;
}
