import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { memoize, type FileContext } from '../file-context.js';
import { forgetPackageFolders, inBrowserPackage } from './browser-packages.js';
import { inDeployOnceFolder } from './one-shot.js';
import { moduleContext } from '../recognize/imported-helpers.js';
import { prismaSchemaFor } from '../recognize/prisma-schema.js';
import { projectRootOf, sourceFilesUnder } from '../recognize/project-files.js';
import { calleeName, contains, enclosingFunction, isFunction, keyName, propertyName, skipTransparent } from './nodes.js';

/**
 * Fields written only when a row is created: no code of the project changes them afterwards, so no concurrent
 * writer can invalidate a check of them (a token's `expiresAt`, a key's `type`, a row's owner). Judged from the
 * project's own source (the workspace root of a monorepo, so that a write in another package counts): a field
 * is written after creation when any file writes its name in an update — Prisma `update`/`updateMany`/`upsert`
 * `data`/`update`, TypeORM/Sequelize/Mongoose update objects and `$set`, Drizzle `.set({…})`, knex
 * `.update({…})`, `row.field = …` in a function that saves or updates, `UPDATE … SET field` in SQL text — or
 * when a file that names the field writes keys it does not show (`update({ data: input })`). Anything not
 * classified counts as a write; a project too large to read, or a file that does not parse, makes every field
 * mutable. Writes from outside the project (other services, database triggers) cannot be seen.
 */
export function fixedAtCreation(file: FileContext, model: string | undefined, field: string): boolean {
  if (!path.isAbsolute(file.filename) || !/^[A-Za-z_$][\w$]*$/.test(field)) return false;
  const root = projectRootOf(path.dirname(file.filename));
  const project = root === undefined ? undefined : projectIndex(root);
  if (!project?.files) return false;
  const target: Target = {
    field: normalised(field),
    model: model?.toLowerCase() ?? '',
    models: new Set(prismaSchemaFor(file.filename)?.uniques.keys() ?? []),
  };
  // The linted text itself (an editor's buffer may differ from the disk).
  if (writes(writeFactsOf(file), target)) return false;
  // Two applications of a monorepo may have their own schemas: the models are part of the question.
  const key = `${target.model}\0${target.field}\0${[...target.models].sort().join()}`;
  let answer = project.answers.get(key);
  if (answer === undefined) {
    answer = !writtenInProject(root!, project.files, field, target);
    project.answers.set(key, answer);
  }
  return answer;
}

// --- The project's files -------------------------------------------------------------------------------------

const LIMITS = { maxFiles: 20_000, maxFileBytes: 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 };
/** Files named by one field that are parsed at most; beyond, the field is taken as written. */
const MAX_PARSED = 200;
/**
 * How long a listing of the project is trusted before files are looked at again (changed files are re-read):
 * listing a large monorepo costs about as much as linting a hundred files, and a command-line run changes none.
 */
const REVALIDATE_MS = 30_000;

/** The method names of database writes (and of the application's helpers named like them). */
const DATABASE_WRITES = '(?:update|upsert|save|patch|persist|increment|decrement|findOneAnd|findByIdAnd)\\w*|replaceOne|bulkWrite|setDataValue|setAttributes';

/**
 * A file that may write the database: it calls something named like an update, or holds SQL `UPDATE … SET`.
 * Only these are kept (their text) and searched; the others cannot hold a write of the kinds above.
 */
const WRITER_TEXT = new RegExp(`\\b(?:${DATABASE_WRITES}|set|merge|assign)\\s*[(<\`]|\\$set\\b|\\$inc\\b|\\bupdate\\s+\\S+\\s+set\\b`, 'i');

interface KnownFile {
  readonly mtimeMs: number;
  readonly size: number;
  /** The text of a writer file; undefined for the others. */
  readonly text: string | undefined;
}

interface ProjectIndex {
  checkedAt: number;
  /** Undefined when the project is over the limits. */
  files: Map<string, KnownFile> | undefined;
  /** Answers by model and field, dropped when a file changes. */
  readonly answers: Map<string, boolean>;
}

const projects = new Map<string, ProjectIndex>();

function projectIndex(root: string): ProjectIndex {
  let project = projects.get(root);
  if (project && Date.now() - project.checkedAt < REVALIDATE_MS) return project;
  const listed = sourceFilesUnder(root, LIMITS);
  forgetPackageFolders();
  const previous = project?.files;
  let files: Map<string, KnownFile> | undefined;
  let changed = previous === undefined || listed === undefined || listed.length !== previous.size;
  if (listed) {
    files = new Map();
    for (const entry of listed) {
      const known = previous?.get(entry.path);
      if (known && known.mtimeMs === entry.mtimeMs && known.size === entry.size) {
        files.set(entry.path, known);
        continue;
      }
      changed = true;
      let text: string | undefined;
      try {
        text = readFileSync(entry.path, 'utf8');
      } catch {
        text = undefined;
      }
      // Tests and their mocks are not kept: their writes run against a test database, never beside requests.
      // Nor are migrations and seeds, which a deploy runs once, not beside the requests that check a field; nor a
      // browser package's code: its `updateX(…)` edits state or calls the server, whose code does the write.
      const relative = path.relative(root, entry.path).replace(/\\/g, '/');
      const kept = text !== undefined && WRITER_TEXT.test(text) && !TEST_FILE.test(relative) && !inDeployOnceFolder(relative) && !inBrowserPackage(entry.path, root);
      files.set(entry.path, { mtimeMs: entry.mtimeMs, size: entry.size, text: kept ? text : undefined });
    }
  }
  if (!project) {
    project = { checkedAt: Date.now(), files, answers: new Map() };
    projects.set(root, project);
  } else {
    project.checkedAt = Date.now();
    project.files = files;
    if (changed) project.answers.clear();
  }
  return project;
}

/** Tests and their mocks. */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e|cypress|playwright)\/|\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$/;

function writtenInProject(root: string, files: ReadonlyMap<string, KnownFile>, field: string, target: Target): boolean {
  const snake = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const name = `(?<![\\w$])(?:${escaped(field)}|${escaped(snake)})(?![\\w$])`;
  const named = new RegExp(name, 'i');
  // Files that set the name as a key or assign it are the likely writers: read first, so that the usual answer
  // (the field is written somewhere) comes after a few parses. The answer does not depend on the order.
  const setsName = new RegExp(`${name}\\s*(?::(?!:)|=(?![=>]))`, 'i');
  const likely: string[] = [];
  const others: string[] = [];
  for (const [fileName, known] of files) {
    if (known.text === undefined || !named.test(known.text)) continue;
    (setsName.test(known.text) ? likely : others).push(fileName);
  }
  if (likely.length + others.length > MAX_PARSED) return true;
  for (const fileName of [...likely, ...others]) {
    const context = moduleContext(fileName);
    if (!context || writes(writeFactsOf(context), target)) return true;
  }
  return false;
}

const escaped = (name: string): string => name.replace(/\$/g, '\\$');

// --- One file's writes ---------------------------------------------------------------------------------------

interface Target {
  /** The field, normalised. */
  readonly field: string;
  /** The checked model, lower case ('' unknown). */
  readonly model: string;
  /** The models of the project's Prisma schema, lower case. */
  readonly models: ReadonlySet<string>;
}

interface WriteFacts {
  /** Normalised field → the models its writes name ('' when the write does not say). */
  readonly fields: Map<string, Set<string>>;
  /**
   * Writes of keys the file does not show (`update({ where, data: input })`): the model they name ('' when they
   * do not) and the top-level function or class they are in.
   */
  readonly opaque: { readonly model: string; readonly scope: number }[];
  /** Normalised names the running code uses (keys, members, strings) → the top-level functions or classes using them (-1: the module's top level). */
  readonly named: Map<string, Set<number>>;
  /** Words of SQL `SET` clauses, normalised; `*` for a clause whose column comes from an expression. */
  readonly sqlColumns: Set<string>;
}

/** `stock_count` and `stockCount` are one field. */
const normalised = (name: string): string => name.replace(/_/g, '').toLowerCase();

function writes(facts: WriteFacts, target: Target): boolean {
  // A write whose model is another model of the schema does not touch this one's field.
  const reaches = (model: string): boolean => target.model === '' || model === '' || model === target.model || !target.models.has(model);
  // Values whose keys are not shown are built where the field is named: in the writing function, or in a
  // module-level schema (`z.object({ type })` validating the request body that is written).
  const scopes = facts.named.get(target.field);
  return (
    [...(facts.fields.get(target.field) ?? [])].some(reaches) ||
    facts.opaque.some((write) => reaches(write.model) && (scopes?.has(write.scope) === true || scopes?.has(-1) === true)) ||
    facts.sqlColumns.has(target.field) ||
    (facts.sqlColumns.has('*') && scopes !== undefined)
  );
}

/** Calls that write rows (or objects later saved). */
const WRITE_CALL = new RegExp(`^(?:${DATABASE_WRITES}|set|merge|assign)$`, 'i');
/** Of those, the calls that make the function around them one that writes the database. */
const DATABASE_WRITE_CALL = new RegExp(`^(?:${DATABASE_WRITES})$`, 'i');
/** Keys whose value is a filter, a projection or an order: read, not written. */
const READ_KEYS = new Set(['where', 'select', 'include', 'orderBy', 'cursor', 'distinct', 'omit', 'having', 'by', '_count', '_sum', '_avg', '_min', '_max', 'attributes', 'order', 'group', 'sort', 'projection', 'returning', 'filter']);
/** Keys whose value is a created row: Prisma's nested and upsert `create`, Mongo's `$setOnInsert`, Sequelize's `defaults`. */
const CREATE_KEYS = new Set(['create', 'createMany', 'connectOrCreate', '$setOnInsert', 'defaults']);
/** Keys of an update call's argument whose value is the written values. */
const DATA_KEYS = new Set(['data', 'update', '$set', '$inc', '$unset', '$push', '$pull', '$addToSet', '$min', '$max', '$mul', '$rename']);
/** Type-only syntax: nothing in it runs. */
const TYPE_ONLY = new Set<string>([
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
  AST_NODE_TYPES.TSDeclareFunction,
  AST_NODE_TYPES.TSModuleDeclaration,
  AST_NODE_TYPES.TSEnumDeclaration,
]);
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements', 'decorators']);

const writeFactsOf = (file: FileContext): WriteFacts => memoize(file, 'write-facts', () => readWriteFacts(file));

function readWriteFacts(file: FileContext): WriteFacts {
  const facts: WriteFacts = { fields: new Map(), opaque: [], named: new Map(), sqlColumns: new Set() };
  const objects: TSESTree.Property[] = [];
  const literals: TSESTree.Literal[] = [];
  const assigned: { node: TSESTree.Node; member: TSESTree.MemberExpression }[] = [];
  const writeCalls: { call: TSESTree.CallExpression; scope: number }[] = [];
  const databaseWrites: TSESTree.Node[] = [];
  const locals = new LocalFunctions();
  const visitorKeys = file.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const useName = (field: string | undefined, scope: number): void => {
    if (field === undefined) return;
    const key = normalised(field);
    const scopes = facts.named.get(key) ?? new Set<number>();
    scopes.add(scope);
    facts.named.set(key, scopes);
  };
  // Each node with its top-level function or class (its start offset; -1 for the module's top level).
  const stack: [TSESTree.Node, number][] = [[file.program, -1]];
  while (stack.length > 0) {
    const [node, outer] = stack.pop()!;
    if (TYPE_ONLY.has(node.type)) continue;
    const scope = outer === -1 && (isFunction(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) ? node.range[0] : outer;
    switch (node.type) {
      case AST_NODE_TYPES.Property:
        if (node.parent.type === AST_NODE_TYPES.ObjectExpression) objects.push(node);
        useName(node.computed && node.key.type !== AST_NODE_TYPES.Literal ? undefined : keyName(node.key), scope);
        break;
      case AST_NODE_TYPES.MemberExpression:
        useName(propertyName(node), scope);
        break;
      case AST_NODE_TYPES.Literal:
        if (typeof node.value === 'string') {
          useName(node.value, scope);
          if (sqlSetWords(node.value, facts)) databaseWrites.push(node);
          const holder = node.parent.type === AST_NODE_TYPES.ArrayExpression ? node.parent : node;
          if (holder.parent?.type === AST_NODE_TYPES.CallExpression && holder.parent.arguments.includes(holder as TSESTree.CallExpressionArgument)) literals.push(node);
        }
        break;
      case AST_NODE_TYPES.TemplateLiteral:
        if (sqlSetWords(node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('${}'), facts)) databaseWrites.push(node);
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        if (node.left.type === AST_NODE_TYPES.MemberExpression) assigned.push({ node, member: node.left });
        break;
      case AST_NODE_TYPES.UpdateExpression:
        if (node.argument.type === AST_NODE_TYPES.MemberExpression) assigned.push({ node, member: node.argument });
        break;
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete' && node.argument.type === AST_NODE_TYPES.MemberExpression) assigned.push({ node, member: node.argument });
        break;
      case AST_NODE_TYPES.MethodDefinition:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.VariableDeclarator:
        locals.add(node);
        break;
      case AST_NODE_TYPES.CallExpression: {
        const callee = calleeName(node);
        if (callee && WRITE_CALL.test(callee)) writeCalls.push({ call: node, scope });
        if (callee && DATABASE_WRITE_CALL.test(callee)) databaseWrites.push(node);
        break;
      }
      default:
        break;
    }
    for (const key of visitorKeys[node.type] ?? []) {
      if (TYPE_KEYS.has(key)) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof (child as TSESTree.Node).type === 'string') stack.push([child as TSESTree.Node, scope]);
      }
    }
  }
  const inert = locals.inertCall(databaseWrites);
  const writesHere = functionWritesDatabase(databaseWrites.filter((site) => site.type !== AST_NODE_TYPES.CallExpression || !inert(site)));
  const add = (field: string, model: string): void => {
    const key = normalised(field);
    const models = facts.fields.get(key) ?? new Set<string>();
    models.add(model);
    facts.fields.set(key, models);
  };
  // The models each function's update values name, by field: `session.expiresAt = …` there is the value that
  // `db.session.update({ data: { expiresAt: session.expiresAt } })` writes, not a write of another model's field.
  const modelsWriting = new Map<TSESTree.Node, Map<string, Set<string>>>();
  for (const property of objects) {
    const name = property.computed && property.key.type !== AST_NODE_TYPES.Literal ? undefined : keyName(property.key);
    if (name === undefined) continue;
    const found = positionOf(property.parent as TSESTree.ObjectExpression, writesHere, inert);
    if (!found.written) continue;
    add(name, found.model);
    const fn = enclosingFunction(property);
    const byField = modelsWriting.get(fn) ?? new Map<string, Set<string>>();
    modelsWriting.set(fn, byField.set(normalised(name), (byField.get(normalised(name)) ?? new Set<string>()).add(found.model)));
  }
  for (const literal of literals) {
    const value = literal.value as string;
    if (!/^[A-Za-z_$][\w$]*$/.test(value)) continue;
    const found = positionOf(literal, writesHere, inert);
    if (found.written) add(value, found.model);
  }
  for (const { node, member } of assigned) {
    const name = propertyName(member);
    // `row.field = …` where the function then saves or updates (the row, or an object built for the update):
    // of the models the function's updates name for that field when they all name one (a save of the row itself
    // counts apart, as a write whose keys are not shown), else of any model.
    if (name === undefined || !writesHere(node)) continue;
    const models = modelsWriting.get(enclosingFunction(node))?.get(normalised(name));
    for (const model of models && !models.has('') ? models : ['']) add(name, model);
  }
  for (const { call, scope } of writeCalls) {
    // In a function that writes the database (not `Object.assign` or `.set(…)` of in-memory state).
    if (writesHere(call) && !inert(call)) for (const model of opaqueWrites(call)) facts.opaque.push({ model, scope });
  }
  return facts;
}

/**
 * The functions a file defines, by name: its class methods (called as `this.name(…)`) and its named functions
 * (called as `name(…)`). A call of one of them named like an update (`this.updateRequestAtPath(tree, path,
 * { type })`) writes the database only when its body does: one that edits an object in memory writes no row.
 */
class LocalFunctions {
  private readonly methods = new Map<string, TSESTree.Node[]>();
  private readonly functions = new Map<string, TSESTree.Node[]>();

  add(node: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.FunctionDeclaration | TSESTree.VariableDeclarator): void {
    if (node.type === AST_NODE_TYPES.FunctionDeclaration) {
      if (node.id) LocalFunctions.push(this.functions, node.id.name, node);
      return;
    }
    if (node.type === AST_NODE_TYPES.VariableDeclarator) {
      if (node.id.type === AST_NODE_TYPES.Identifier && node.init && isFunction(node.init)) LocalFunctions.push(this.functions, node.id.name, node.init);
      return;
    }
    const name = node.computed ? undefined : keyName(node.key);
    if (name !== undefined && node.value && isFunction(node.value)) LocalFunctions.push(this.methods, name, node.value);
  }

  private static push(map: Map<string, TSESTree.Node[]>, name: string, fn: TSESTree.Node): void {
    const known = map.get(name);
    if (known) known.push(fn);
    else map.set(name, [fn]);
  }

  /** The functions of this file a call runs, or undefined when it calls something else. */
  private targets(call: TSESTree.CallExpression): readonly TSESTree.Node[] | undefined {
    const callee = skipTransparent(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return this.functions.get(callee.name);
    if (callee.type === AST_NODE_TYPES.MemberExpression && skipTransparent(callee.object).type === AST_NODE_TYPES.ThisExpression) {
      const name = propertyName(callee);
      return name === undefined ? undefined : this.methods.get(name);
    }
    return undefined;
  }

  /** A predicate: the call runs only functions of this file none of whose bodies writes the database (`sites`). */
  inertCall(sites: readonly TSESTree.Node[]): (call: TSESTree.CallExpression) => boolean {
    const writes = new Map<TSESTree.Node, boolean>();
    const writesBody = (fn: TSESTree.Node): boolean => {
      const known = writes.get(fn);
      if (known !== undefined) return known;
      writes.set(fn, false); // a recursive call adds no write of its own
      const answer = sites.some((site) => contains(fn, site) && (site.type !== AST_NODE_TYPES.CallExpression || !inert(site)));
      writes.set(fn, answer);
      return answer;
    };
    const inert = (call: TSESTree.CallExpression): boolean => {
      const targets = this.targets(call);
      return targets !== undefined && !targets.some(writesBody);
    };
    return inert;
  }
}

/** Whether the function around a node (not the module's top level) calls a database write or holds SQL UPDATE. */
function functionWritesDatabase(sites: readonly TSESTree.Node[]): (node: TSESTree.Node) => boolean {
  const known = new Map<TSESTree.Node, boolean>();
  return (node) => {
    const fn = enclosingFunction(node);
    if (fn.type === AST_NODE_TYPES.Program) return false;
    let answer = known.get(fn);
    if (answer === undefined) {
      answer = sites.some((site) => contains(fn, site));
      known.set(fn, answer);
    }
    return answer;
  };
}

interface Position {
  readonly written: boolean;
  /** The model the write names ('' when it does not). */
  readonly model: string;
}

const NOT_WRITTEN: Position = { written: false, model: '' };

/**
 * What a value (an object literal, or a string argument) is to the code around it: an update's values, a
 * filter or a created row, or a value whose use is not seen (a write when its function writes the database).
 */
function positionOf(start: TSESTree.Node, writesHere: (node: TSESTree.Node) => boolean, inert: (call: TSESTree.CallExpression) => boolean): Position {
  const keys: string[] = [];
  let node: TSESTree.Node = start;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.Property: {
        if (parent.value !== node) return NOT_WRITTEN;
        const key = parent.computed && parent.key.type !== AST_NODE_TYPES.Literal ? undefined : keyName(parent.key);
        if (key !== undefined && (READ_KEYS.has(key) || CREATE_KEYS.has(key))) return NOT_WRITTEN;
        keys.push(key ?? '');
        break;
      }
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return NOT_WRITTEN;
        break;
      case AST_NODE_TYPES.ReturnStatement:
        // A function's result (`return { type: 'saved' }`); a caller that writes it passes a value whose keys
        // it does not show, which counts there.
        return NOT_WRITTEN;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return NOT_WRITTEN;
      case AST_NODE_TYPES.NewExpression:
        // `new Entity({ … })`: a row's values, written when the entity is upserted or saved
        // (`repo.upsert(new CacheItem({ … }), ['key'])`), created otherwise.
        if (parent.callee === node) return NOT_WRITTEN;
        break;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === node) return NOT_WRITTEN;
        const name = calleeName(parent);
        if (name === undefined) return NOT_WRITTEN;
        if (/^(?:set|assign|merge)$/.test(name)) {
          // `Cookies.set(name, value, { expires })`, `map.set(key, { … })`: only `.set(values)` (Drizzle),
          // `row.set('field', value)` (Mongoose, lodash) and `Object.assign(row, { … })` name written fields,
          // and only in a function that writes the database.
          const shape = name === 'set' ? parent.arguments.length === 1 || (parent.arguments.length === 2 && parent.arguments[0] === node) : parent.arguments[0] !== node;
          return { written: shape && writesHere(start), model: '' };
        }
        if (WRITE_CALL.test(name) && !inert(parent)) {
          // A helper's argument (`updateRequestAtPath(…, { response: { type } })`): its own values, not those of
          // an object nested in one of them.
          if (!LIBRARY_UPDATE.test(name) && !keys.every((key) => DATA_KEYS.has(key))) return NOT_WRITTEN;
          // Prisma's `delegate.update({ data: { … } })` names the model; nested relation writes do not.
          const direct = keys.length === 0 || (keys.length === 1 && DATA_KEYS.has(keys[0]!));
          return { written: true, model: direct ? delegateModel(parent) : '' };
        }
        // Otherwise a value whose use is not seen here (`build({ type })`): when it reaches an update, it does so
        // as a value whose keys that update does not show, which counts where it is written.
        return NOT_WRITTEN;
      }
      default:
        return NOT_WRITTEN;
    }
  }
  return NOT_WRITTEN;
}

/** `prisma.user.update(…)`, `tx.user.update(…)`: the delegate's name, lower case ('' for another shape). */
function delegateModel(call: TSESTree.CallExpression): string {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return '';
  const owner = skipTransparent(callee.object);
  return owner.type === AST_NODE_TYPES.MemberExpression ? (propertyName(owner)?.toLowerCase() ?? '') : '';
}

/** Update methods of the database libraries, whose arguments are the written values (so are those of helpers named like updates). */
const LIBRARY_UPDATE = /^(?:update|updateMany|updateOne|updateAll|upsert|save|saveAll|patch|findOneAndUpdate|findByIdAndUpdate|replaceOne|findOneAndReplace|bulkWrite|setAttributes|set|merge|assign|increment|decrement)$/;

/**
 * The models an update method writes with keys the source does not show: values passed as a variable
 * (`update({ where, data: input })`, `Model.update(values, { where })`, `repo.save(entity)`,
 * `Object.assign(row, body)`), or spread into the values (`data: { ...input }`).
 */
function opaqueWrites(call: TSESTree.CallExpression): string[] {
  const name = calleeName(call)!;
  if (!LIBRARY_UPDATE.test(name) && !DATABASE_WRITE_CALL.test(name)) return [];
  const args = call.arguments.map((argument) => skipTransparent(argument));
  let values: TSESTree.Node[];
  if (name === 'assign' || name === 'merge') values = args.slice(1); // `Object.assign(row, values)`, `repo.merge(entity, values)`
  else if (name === 'set') values = args.length === 1 ? args : []; // Drizzle's `.set(values)`; not `map.set(key, value)`
  else {
    const last = args[args.length - 1];
    const optionsLast = last?.type === AST_NODE_TYPES.ObjectExpression && last.properties.some((p) => p.type === AST_NODE_TYPES.Property && keyName(p.key) === 'where');
    // `repo.update(criteria, values)`, `updateOne(filter, update)`: the first of two arguments selects rows.
    values = args.length >= 2 && !optionsLast ? args.slice(1) : args;
  }
  const model = delegateModel(call);
  const out: string[] = [];
  for (const value of values) {
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      const dataEntries = value.properties.filter((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && DATA_KEYS.has(keyName(p.key) ?? ''));
      if (dataEntries.length === 0 ? hidesKeys(value) : dataEntries.some((entry) => hidesKeys(entry.value))) out.push(model);
    } else if (hidesKeys(value)) out.push(model);
  }
  return out;
}

/** A value whose keys the source does not show: a variable, a call's result, a spread of one. */
function hidesKeys(node: TSESTree.Node): boolean {
  const value = skipTransparent(node);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return value.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement && hidesKeys(p.argument));
    case AST_NODE_TYPES.ConditionalExpression:
      return hidesKeys(value.consequent) || hidesKeys(value.alternate);
    case AST_NODE_TYPES.LogicalExpression:
      return hidesKeys(value.right) || (value.operator !== '&&' && hidesKeys(value.left));
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrayExpression:
      return false;
    case AST_NODE_TYPES.Identifier:
      return value.name !== 'undefined';
    default:
      return !isFunction(value);
  }
}

/**
 * Records the columns of SQL `UPDATE … SET` clauses in `text` (template parts joined by `${}`); true when
 * there was one. A column that comes from an expression (`SET ${column} = …`) is recorded as `*`.
 */
function sqlSetWords(text: string, facts: WriteFacts): boolean {
  if (!/\bset\b/i.test(text)) return false;
  let found = false;
  for (const match of text.matchAll(/\bupdate\s+\S+\s+set\b([\s\S]*?)(?=\bwhere\b|\breturning\b|\bfrom\b|;|$)/gi)) {
    found = true;
    const clause = match[1]!;
    if (/(?:^|,)\s*\$\{\}/.test(clause)) facts.sqlColumns.add('*');
    for (const word of clause.match(/[A-Za-z_][\w$]*/g) ?? []) facts.sqlColumns.add(normalised(word));
  }
  return found;
}
