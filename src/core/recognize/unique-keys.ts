import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { databaseLibraries } from '../catalogue/databases.js';
import { memoize, type FileContext } from '../file-context.js';
import { keyName, skipTransparent } from '../analysis/nodes.js';
import { moduleExportOf } from './bindings.js';
import { moduleContext } from './imported-helpers.js';
import { resolveProjectModule } from './module-exports.js';
import { coversUniqueKey, prismaSchemaFor } from './prisma-schema.js';

/**
 * Whether the application declares `fields` (or a part of them) a unique key of `model`: its Prisma schema
 * (`@id`, `@unique`, `@@unique`), or the decorators of a TypeORM entity class (`@PrimaryColumn`,
 * `@Column({ unique: true })`, `@Index([...], { unique: true })`, `@Unique([...])`). The database then refuses
 * the duplicate a concurrent create would write. A library's own primary key (Mongo's `_id`) is unique in every
 * collection.
 */
export function declaresUniqueKey(file: FileContext, library: string, model: string, fields: readonly string[]): boolean {
  const primaryKey = databaseLibraries.find((entry) => entry.id === library)?.primaryKey;
  if (primaryKey !== undefined && fields.includes(primaryKey)) return true;
  if (library === 'prisma') {
    const schema = prismaSchemaFor(file.filename);
    return schema !== undefined && coversUniqueKey(schema, model, fields);
  }
  if (library !== 'typeorm') return false;
  const keys = entityUniqueKeys(file, model);
  return keys.some((key) => key.length > 0 && key.every((field) => fields.includes(field)));
}

/** The unique keys of the TypeORM entity class named `entity`, declared in this file or imported from a module of the project. */
function entityUniqueKeys(file: FileContext, entity: string): readonly (readonly string[])[] {
  const cache = memoize(file, 'entity-unique-keys', () => new Map<string, readonly (readonly string[])[]>());
  let keys = cache.get(entity);
  if (!keys) {
    const found = entityClass(file, entity);
    keys = found ? uniqueKeysOf(found.file, found.declaration) : [];
    cache.set(entity, keys);
  }
  return keys;
}

function entityClass(file: FileContext, entity: string): { file: FileContext; declaration: TSESTree.ClassDeclaration } | undefined {
  const local = classIn(file.program, entity);
  if (local) return { file, declaration: local };
  for (const statement of file.program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
    const imported = statement.specifiers.find(
      (specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.local.name === entity && keyName(specifier.imported) === entity,
    );
    if (!imported) continue;
    const fileName = resolveProjectModule(file, file.filename, statement.source.value);
    const other = fileName ? moduleContext(fileName) : undefined;
    const declaration = other && classIn(other.program, entity);
    return other && declaration ? { file: other, declaration } : undefined;
  }
  return undefined;
}

function classIn(program: TSESTree.Program, name: string): TSESTree.ClassDeclaration | undefined {
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.ClassDeclaration && declaration.id?.name === name) return declaration;
  }
  return undefined;
}

/** The keys the class's TypeORM decorators declare unique (only decorators imported from `typeorm` count). */
function uniqueKeysOf(file: FileContext, declaration: TSESTree.ClassDeclaration): string[][] {
  const keys: string[][] = [];
  for (const decorator of declaration.decorators ?? []) {
    const call = typeormDecorator(file, decorator);
    if (!call) continue;
    // `@Unique(['a', 'b'])`, `@Unique('name', ['a', 'b'])`; `@Index(['a', 'b'], { unique: true })`, also named.
    const columns = call.args.find((argument) => argument.type === AST_NODE_TYPES.ArrayExpression) as TSESTree.ArrayExpression | undefined;
    const names = columns?.elements.map((element) => (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string' ? element.value : undefined));
    if (!names || names.length === 0 || names.some((name) => name === undefined)) continue;
    if (call.name === 'Unique' || (call.name === 'Index' && hasUniqueOption(call.args))) keys.push(names as string[]);
  }
  for (const member of declaration.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.computed) continue;
    const field = keyName(member.key);
    if (field === undefined) continue;
    for (const decorator of member.decorators ?? []) {
      const call = typeormDecorator(file, decorator);
      if (!call) continue;
      const primary = call.name === 'PrimaryColumn' || call.name === 'PrimaryGeneratedColumn';
      if (primary || ((call.name === 'Column' || call.name === 'Index') && hasUniqueOption(call.args))) keys.push([field]);
    }
  }
  return keys;
}

function typeormDecorator(file: FileContext, decorator: TSESTree.Decorator): { name: string; args: TSESTree.CallExpressionArgument[] } | undefined {
  const expression = skipTransparent(decorator.expression);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const exported = moduleExportOf(file, expression.callee);
  const name = exported?.module === 'typeorm' && exported.path.length === 1 ? exported.path[0] : undefined;
  return name ? { name, args: expression.arguments } : undefined;
}

/** An options object with `unique: true`. */
function hasUniqueOption(args: readonly TSESTree.CallExpressionArgument[]): boolean {
  return args.some((argument) => {
    const value = skipTransparent(argument);
    return (
      value.type === AST_NODE_TYPES.ObjectExpression &&
      value.properties.some(
        (property) => property.type === AST_NODE_TYPES.Property && keyName(property.key) === 'unique' && property.value.type === AST_NODE_TYPES.Literal && property.value.value === true,
      )
    );
  });
}
