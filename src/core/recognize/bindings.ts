import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import type { ModuleExport } from '../catalogue/http.js';
import type { FileContext } from '../file-context.js';
import { skipTransparent, propertyName } from '../analysis/nodes.js';

/**
 * Recognition without type information: where a variable's value comes from, read from its binding.
 * `import express from 'express'; const app = express();` makes `app` the result of calling the module
 * `express`; `(fastify: FastifyInstance) => ...` declares `fastify` with a type imported from 'fastify'.
 */

const MAX_BINDING_STEPS = 16;

/** The module export an identifier refers to: `import x from 'm'`, `import { a as x }`, `require('m').a`. */
export function moduleExportOf(file: FileContext, node: TSESTree.Node, depth = 0): ModuleExport | undefined {
  // `const a = b.x, b = a.y` parses: bindings that name each other end here, not in a stack overflow.
  if (depth > MAX_BINDING_STEPS) return undefined;
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(expression);
    const object = name === undefined ? undefined : moduleExportOf(file, expression.object, depth + 1);
    return object && name !== undefined ? { module: object.module, path: [...object.path, name] } : undefined;
  }
  if (expression.type === AST_NODE_TYPES.CallExpression) return requiredModule(expression);
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
  const definition = variable?.defs[0];
  if (!definition || variable.defs.length !== 1) return undefined;
  if (definition.type === 'Variable' && definition.parent.kind !== 'const') return undefined;
  return definitionExport(file, definition, expression.name, depth + 1);
}

/**
 * The module export that `name`'s one definition binds it to: an import (default and namespace: the module
 * itself), or a declarator whose value is one (`require('m')`, `require('m').a`, another such name), whole or
 * destructured (`const { Router } = require('express')`). Whether a `let` or `var` may be reassigned is the
 * caller's to judge.
 */
export function definitionExport(file: FileContext, definition: Scope.Definition, name: string, depth = 0): ModuleExport | undefined {
  if (definition.type === 'ImportBinding') {
    const declaration = definition.parent as TSESTree.ImportDeclaration;
    const module = declaration.source.value;
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier || specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
      return { module, path: [] };
    }
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      return { module, path: imported === 'default' ? [] : [imported] };
    }
    return undefined;
  }
  if (definition.type === 'Variable') {
    const declarator = definition.node;
    if (!declarator.init) return undefined;
    const source = moduleExportOf(file, declarator.init, depth + 1);
    if (!source) return undefined;
    if (declarator.id.type === AST_NODE_TYPES.Identifier) return source;
    // `const { Router } = require('express')`
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of declarator.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
        const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
        if (value.type === AST_NODE_TYPES.Identifier && value.name === name && property.key.type === AST_NODE_TYPES.Identifier) {
          return { module: source.module, path: [...source.path, property.key.name] };
        }
      }
    }
  }
  return undefined;
}

function requiredModule(call: TSESTree.CallExpression): ModuleExport | undefined {
  const specifier = requiredSpecifier(call);
  return specifier === undefined ? undefined : { module: specifier, path: [] };
}

/** `require('x')` → `'x'`. */
export function requiredSpecifier(node: TSESTree.Node): string | undefined {
  const call = skipTransparent(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require') return undefined;
  const [argument] = call.arguments;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : undefined;
}

/** `default` is the module itself for CommonJS packages loaded through ESM interop. */
const normalise = (path: readonly string[]): readonly string[] => (path[0] === 'default' ? path.slice(1) : path);

export const sameExport = (a: ModuleExport, b: ModuleExport): boolean =>
  a.module === b.module && normalise(a.path).join('.') === normalise(b.path).join('.');

export const isOneOf = (source: ModuleExport | undefined, exports: readonly ModuleExport[]): boolean =>
  source !== undefined && exports.some((candidate) => sameExport(source, candidate));

/**
 * What produced the value of `node` when it is a `const` (or never reassigned `let`) bound to a call or
 * construction of a module export, followed through variables: `const app = express()`,
 * `const router = express.Router()`, `const stripe = new Stripe(key)`.
 */
export function factoryOf(file: FileContext, node: TSESTree.Node, depth = 0): ModuleExport | undefined {
  const expression = skipTransparent(node);
  if (depth > 4) return undefined;
  if (expression.type === AST_NODE_TYPES.AwaitExpression) return factoryOf(file, expression.argument, depth + 1);
  if (expression.type === AST_NODE_TYPES.NewExpression || expression.type === AST_NODE_TYPES.CallExpression) {
    if (expression.type === AST_NODE_TYPES.CallExpression && requiredModule(expression)) return undefined;
    return moduleExportOf(file, expression.callee);
  }
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
  const definition = variable?.defs[0];
  if (!variable || !definition || variable.defs.length !== 1 || definition.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  const reassigned = variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id);
  return reassigned ? undefined : factoryOf(file, declarator.init, depth + 1);
}

/** The declared type of a parameter or variable, when it names a module export: `(req: NextApiRequest)`. */
export function annotatedTypeOf(file: FileContext, node: TSESTree.Node): ModuleExport | undefined {
  const expression = skipTransparent(node);
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
  const identifier = variable?.identifiers[0];
  const annotation = identifier?.typeAnnotation?.typeAnnotation;
  return annotation ? typeReferenceExport(file, annotation) : undefined;
}

/** `NextApiRequest`, `Stripe`, `Express.Router` as type references, resolved through their imports. */
export function typeReferenceExport(file: FileContext, annotation: TSESTree.TypeNode): ModuleExport | undefined {
  if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  return typeNameExport(file, annotation.typeName);
}

function typeNameExport(file: FileContext, name: TSESTree.EntityName): ModuleExport | undefined {
  if (name.type === AST_NODE_TYPES.Identifier) {
    const scope = file.sourceCode.getScope(name);
    let current: typeof scope | null = scope;
    while (current) {
      const variable = current.set.get(name.name);
      if (variable) return moduleExportOf(file, variable.identifiers[0] ?? name);
      current = current.upper;
    }
    return undefined;
  }
  if (name.type === AST_NODE_TYPES.TSQualifiedName) {
    const left = typeNameExport(file, name.left);
    return left ? { module: left.module, path: [...left.path, name.right.name] } : undefined;
  }
  return undefined;
}
