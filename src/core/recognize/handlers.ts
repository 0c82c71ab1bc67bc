import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import {
  HEADER_ACCESS,
  nest,
  nextAppRouter,
  nextPagesRouter,
  remixActions,
  routerFrameworks,
  serverActions,
  trpc,
  type HttpFramework,
  type HttpMethod,
  type RouterFramework,
} from '../catalogue/http.js';
import { memoize, type FileContext } from '../file-context.js';
import { alwaysExits, isFunction, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { annotatedTypeOf, factoryOf, isOneOf, moduleExportOf } from './bindings.js';
import { findNodes, nodesOfType } from './modules.js';
import ts from '../typescript.cjs';
import { typeMatches, typeOf } from './types.js';

/** A function that serves an HTTP method of a route. */
export interface RouteHandler {
  readonly framework: HttpFramework;
  readonly method: HttpMethod;
  /** The static route path, when the code states one. */
  readonly path: string | undefined;
  readonly function: FunctionNode;
  /**
   * The part of the function that serves `method`: the whole body, or a `req.method === 'POST'` branch of a
   * function that serves every method.
   */
  readonly region: readonly [number, number];
  /** Where route-level middleware can be named: the registration's other arguments, decorators. */
  readonly middleware: readonly TSESTree.Node[];
  /** `POST /orders`, for messages. */
  readonly label: string;
}

/**
 * Every handler in the file for one of `methods`, found by the framework's registration form: a method call
 * on an app or router object recognised by type (or, without types, by the binding of the object), an
 * exported `POST` function in a Next.js `route.ts`, a `req.method === 'POST'` branch of a function taking a
 * `NextApiRequest`, or a NestJS `@Post()` method.
 */
export function findRouteHandlers(file: FileContext, filename: string, methods: readonly HttpMethod[]): readonly RouteHandler[] {
  return memoize(file, `route-handlers:${methods.join(',')}`, () => [
    ...routerHandlers(file, methods),
    ...fileRouteHandlers(file, methods, filename),
    ...methodBranchHandlers(file, methods, filename),
    ...decoratorHandlers(file, methods),
    ...(methods.includes('POST') ? [...trpcMutations(file), ...serverActionHandlers(file), ...remixActionHandlers(file, filename)] : []),
  ]);
}

const label = (method: HttpMethod, route: string | undefined): string => (route === undefined ? method : `${method} ${route}`);

const wholeBody = (fn: FunctionNode): readonly [number, number] => fn.body.range;

function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.Literal && typeof expression.value === 'string') return expression.value;
  if (expression.type === AST_NODE_TYPES.TemplateLiteral && expression.expressions.length === 0) return expression.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The function an argument names: written inline, or a function declared in this file. */
export function functionOf(file: FileContext, node: TSESTree.Node): FunctionNode | undefined {
  const expression = skipTransparent(node);
  if (isFunction(expression)) return expression;
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
  const definition = variable?.defs[0];
  if (!definition || variable.defs.length !== 1) return undefined;
  if (definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
  if (definition.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init) {
    const init = skipTransparent(definition.node.init);
    return isFunction(init) ? init : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// app.post(path, ...middleware, handler)

function routerFrameworkOf(file: FileContext, receiver: TSESTree.Node): RouterFramework | undefined {
  // A router made in this file by a framework's factory (`const router = Router()`) is known from its binding:
  // no type question (inferring a router's type resolves the framework's many overloads).
  const factory = factoryOf(file, receiver);
  const made = routerFrameworks.find((framework) => isOneOf(factory, framework.routerFactories));
  if (made) return made;
  const type = file.types && typeOf(file.types, receiver);
  if (file.types && type) return routerFrameworks.find((framework) => typeMatches(file.types!, type, framework.routerTypes));
  const annotation = annotatedTypeOf(file, receiver);
  return routerFrameworks.find((framework) => isOneOf(annotation, framework.routerTypeNames));
}

function* routerHandlers(file: FileContext, methods: readonly HttpMethod[]): Generator<RouteHandler> {
  const verbs = new Set(methods.map((method) => method.toLowerCase()));
  for (const call of nodesOfType(file, AST_NODE_TYPES.CallExpression)) {
    const callee = skipTransparent(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const name = propertyName(callee);
    if (name === undefined) continue;
    const isVerb = verbs.has(name);
    const cheapCandidate = isVerb || name === 'all' || name === 'route';
    if (!cheapCandidate) continue;
    let receiver = skipTransparent(callee.object);
    let routePath: string | undefined;
    // `app.route('/orders').get(list).post(create)`: the path is in the chain, the router before it.
    for (let link = receiver; link.type === AST_NODE_TYPES.CallExpression; ) {
      const chain = skipTransparent(link.callee);
      if (chain.type !== AST_NODE_TYPES.MemberExpression) break;
      const chainName = propertyName(chain);
      if (chainName !== undefined && routerFrameworks.some((framework) => framework.routeChain === chainName)) {
        routePath = staticString(link.arguments[0]);
        receiver = skipTransparent(chain.object);
        break;
      }
      if (chainName === undefined || !(verbs.has(chainName) || ['get', 'all', 'put', 'patch', 'delete', 'post'].includes(chainName))) break;
      link = skipTransparent(chain.object);
    }
    const framework = routerFrameworkOf(file, receiver);
    if (!framework) continue;
    if (isVerb) {
      yield* registrationHandlers(file, framework, name.toUpperCase() as HttpMethod, call.arguments, routePath);
    } else if (name === framework.allMethods) {
      const { route, middleware, handler } = splitArguments(file, call.arguments);
      if (!handler) continue;
      for (const method of methods) {
        const region = methodBranch(file, handler, method);
        if (region) yield { framework, method, path: route, function: handler, region, middleware, label: label(method, route) };
      }
    } else if (framework.routeObject && name === framework.routeObject.method) {
      yield* routeObjectHandlers(file, framework, call, methods);
    }
  }
}

function splitArguments(
  file: FileContext,
  args: readonly TSESTree.CallExpressionArgument[],
): { route: string | undefined; middleware: TSESTree.Node[]; handler: FunctionNode | undefined } {
  const route = staticString(args[0]);
  const rest = args.slice(route === undefined && args[0]?.type !== AST_NODE_TYPES.ArrayExpression ? 0 : 1);
  const last = rest[rest.length - 1];
  const handler = last && functionOf(file, last);
  return { route, middleware: rest.slice(0, -1), handler };
}

function* registrationHandlers(
  file: FileContext,
  framework: RouterFramework,
  method: HttpMethod,
  args: readonly TSESTree.CallExpressionArgument[],
  chainedPath: string | undefined,
): Generator<RouteHandler> {
  const { route, middleware, handler } = splitArguments(file, args);
  const routePath = chainedPath ?? route;
  if (!handler) return;
  yield { framework, method, path: routePath, function: handler, region: wholeBody(handler), middleware, label: label(method, routePath) };
}

/** `fastify.route({ method: ['POST', 'PUT'], url: '/orders', preHandler, handler })`. */
function* routeObjectHandlers(
  file: FileContext,
  framework: RouterFramework,
  call: TSESTree.CallExpression,
  methods: readonly HttpMethod[],
): Generator<RouteHandler> {
  const shape = framework.routeObject!;
  const options = call.arguments[0] && skipTransparent(call.arguments[0]);
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return;
  const property = (key: string): TSESTree.Property | undefined =>
    options.properties.find(
      (candidate): candidate is TSESTree.Property =>
        candidate.type === AST_NODE_TYPES.Property && !candidate.computed && candidate.key.type === AST_NODE_TYPES.Identifier && candidate.key.name === key,
    );
  const methodValue = property(shape.methodKey)?.value;
  const declared = new Set<string>();
  if (methodValue) {
    const value = skipTransparent(methodValue);
    const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
    for (const item of items) {
      const text = item && staticString(item);
      if (text) declared.add(text.toUpperCase());
    }
  }
  const handlerValue = property(shape.handlerKey)?.value;
  const handler = handlerValue && functionOf(file, handlerValue);
  if (!handler) return;
  const routePath = shape.pathKeys.map((key) => staticString(property(key)?.value)).find((value) => value !== undefined);
  const middleware = shape.hookKeys.map(property).filter((hook): hook is TSESTree.Property => hook !== undefined);
  for (const method of methods) {
    if (!declared.has(method)) continue;
    yield { framework, method, path: routePath, function: handler, region: wholeBody(handler), middleware, label: label(method, routePath) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Next.js App Router: `export async function POST(request: Request)` in `app/**/route.ts`

function* fileRouteHandlers(file: FileContext, methods: readonly HttpMethod[], filename: string): Generator<RouteHandler> {
  const name = filename;
  if (!name || !nextAppRouter.fileName.test(name)) return;
  const routeMatch = nextAppRouter.routeRoot.exec(name);
  const routePath = routeMatch?.[1]?.split(path.sep).join('/').replace(/\/\([^/]*\)/gu, '') || (routeMatch ? '/' : undefined);
  for (const statement of file.program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || !statement.declaration) continue;
    const declaration = statement.declaration;
    const candidates: { name: string; fn: FunctionNode }[] = [];
    if (declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) candidates.push({ name: declaration.id.name, fn: declaration });
    if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        const init = declarator.init && skipTransparent(declarator.init);
        if (declarator.id.type === AST_NODE_TYPES.Identifier && init && isFunction(init)) candidates.push({ name: declarator.id.name, fn: init });
      }
    }
    for (const { name: exported, fn } of candidates) {
      const method = methods.find((candidate) => candidate === exported);
      if (method) {
        yield { framework: nextAppRouter, method, path: routePath, function: fn, region: wholeBody(fn), middleware: [], label: label(method, routePath) };
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// One function for every method, branching on `req.method` (Next.js Pages Router, Express `app.all`)

function* methodBranchHandlers(file: FileContext, methods: readonly HttpMethod[], filename: string): Generator<RouteHandler> {
  // Cheap filter first: a method test, and the Next.js API types named somewhere (`NextApiRequest`, `NextApiHandler`).
  if (!file.sourceCode.text.includes('method') || !file.sourceCode.text.includes('NextApi')) return;
  const pagesRoute = /(?:^|[\\/])pages([\\/]api[\\/].*?)(?:[\\/]index)?\.[cm]?[jt]sx?$/u.exec(filename);
  const routePath = pagesRoute?.[1]?.split(path.sep).join('/');
  const functions = [
    ...nodesOfType(file, AST_NODE_TYPES.FunctionDeclaration),
    ...nodesOfType(file, AST_NODE_TYPES.FunctionExpression),
    ...nodesOfType(file, AST_NODE_TYPES.ArrowFunctionExpression),
  ];
  for (const fn of functions) {
    const request = fn.params[0];
    if (request?.type !== AST_NODE_TYPES.Identifier || !isNextApiRequest(file, request)) continue;
    for (const method of methods) {
      const region = methodBranch(file, fn, method);
      if (region) {
        yield { framework: nextPagesRouter, method, path: routePath, function: fn, region, middleware: [], label: label(method, routePath) };
      }
    }
  }
}

function isNextApiRequest(file: FileContext, parameter: TSESTree.Identifier): boolean {
  const type = file.types && typeOf(file.types, parameter);
  if (file.types && type) return typeMatches(file.types, type, nextPagesRouter.requestTypes);
  return isOneOf(annotatedTypeOf(file, parameter), nextPagesRouter.requestTypeNames);
}

/**
 * The range of `fn` that runs only for `method`: the consequent of `if (req.method === 'POST')`, a
 * `case 'POST':` of `switch (req.method)`, or what follows `if (req.method !== 'POST') return`.
 */
export function methodBranch(file: FileContext, fn: FunctionNode, method: HttpMethod): readonly [number, number] | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const requests = requestVariables(file, fn);
  if (requests.length === 0) return undefined;
  const isRequest = (node: TSESTree.Node): boolean => {
    const expression = skipTransparent(node);
    if (expression.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
    return variable !== null && requests.includes(variable);
  };
  // `const { method } = req`: the variable holds the method as well as `req.method` does.
  const methodVariables = findNodes(file, fn.body, AST_NODE_TYPES.VariableDeclarator).flatMap((declarator) => {
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init || !isRequest(declarator.init)) return [];
    const property = declarator.id.properties.find(
      (candidate): candidate is TSESTree.Property =>
        candidate.type === AST_NODE_TYPES.Property && !candidate.computed && candidate.key.type === AST_NODE_TYPES.Identifier && candidate.key.name === 'method',
    );
    const target = property && (property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value);
    const variable = target?.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(file.sourceCode.getScope(target), target) : null;
    return variable && variable.defs.length === 1 && declarator.parent.kind === 'const' ? [variable] : [];
  });
  const isMethodRead = (node: TSESTree.Node): boolean => {
    const expression = skipTransparent(node);
    if (expression.type === AST_NODE_TYPES.Identifier && methodVariables.length > 0) {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
      return variable !== null && methodVariables.includes(variable);
    }
    return expression.type === AST_NODE_TYPES.MemberExpression && propertyName(expression) === 'method' && isRequest(expression.object);
  };
  const comparison = (test: TSESTree.Node): '===' | '!==' | undefined => {
    const expression = skipTransparent(test);
    if (expression.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
    const equal = expression.operator === '===' || expression.operator === '==';
    const unequal = expression.operator === '!==' || expression.operator === '!=';
    if (!equal && !unequal) return undefined;
    const matches =
      (isMethodRead(expression.left) && staticString(expression.right) === method) ||
      (isMethodRead(expression.right) && staticString(expression.left) === method);
    return matches ? (equal ? '===' : '!==') : undefined;
  };
  for (const statement of findNodes(file, fn.body, AST_NODE_TYPES.IfStatement)) {
    const operator = comparison(statement.test);
    if (operator === '===') return statement.consequent.range;
    if (operator === '!==' && alwaysExits(statement.consequent) && statement.parent.type === AST_NODE_TYPES.BlockStatement) {
      return [statement.range[1], statement.parent.range[1]];
    }
  }
  for (const statement of findNodes(file, fn.body, AST_NODE_TYPES.SwitchStatement)) {
    if (!isMethodRead(statement.discriminant)) continue;
    const index = statement.cases.findIndex((switchCase) => switchCase.test && staticString(switchCase.test) === method);
    const switchCase = statement.cases[index];
    if (!switchCase) continue;
    // Fall-through: the case's code runs until the next case that exits.
    const end = statement.cases.slice(index).find((next) => next.consequent.some(alwaysExits)) ?? statement.cases[statement.cases.length - 1]!;
    return [switchCase.range[0], end.range[1]];
  }
  return undefined;
}

/**
 * The variables that hold the request in `fn`: its first parameter, or `request` / `req` destructured from it
 * (`async function action({ request, params })`).
 */
function requestVariables(file: FileContext, fn: FunctionNode): ReturnType<typeof ASTUtils.findVariable>[] {
  const first = fn.params[0];
  const scope = file.sourceCode.getScope(fn.body);
  if (first?.type === AST_NODE_TYPES.Identifier) return [ASTUtils.findVariable(scope, first.name)].filter((variable) => variable !== null);
  if (first?.type !== AST_NODE_TYPES.ObjectPattern) return [];
  return first.properties.flatMap((property) => {
    if (property.type !== AST_NODE_TYPES.Property || property.key.type !== AST_NODE_TYPES.Identifier) return [];
    if (!['request', 'req'].includes(property.key.name) || property.value.type !== AST_NODE_TYPES.Identifier) return [];
    const variable = ASTUtils.findVariable(scope, property.value.name);
    return variable ? [variable] : [];
  });
}

/** Whether `fn` tests the request's method anywhere (so it serves several, and only its branches count). */
function testsMethod(file: FileContext, fn: FunctionNode): boolean {
  return (['POST', 'PUT', 'PATCH', 'DELETE'] as const).some((method) => methodBranch(file, fn, method) !== undefined);
}

// ---------------------------------------------------------------------------------------------------------
// Procedures: tRPC mutations, Server Actions, Remix / React Router actions

/** The name a procedure is known by: the router key it is assigned to, or the variable holding it. */
function procedureName(node: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === current && !parent.computed) {
    return parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : staticString(parent.key);
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  return undefined;
}

const procedureLabel = (noun: string, name: string | undefined): string => (name === undefined ? noun : `${noun} \`${name}\``);

function* trpcMutations(file: FileContext): Generator<RouteHandler> {
  if (!file.sourceCode.text.includes(`.${trpc.mutationMethod}(`)) return;
  for (const call of nodesOfType(file, AST_NODE_TYPES.CallExpression)) {
    const callee = skipTransparent(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== trpc.mutationMethod || call.arguments.length !== 1) continue;
    const resolver = functionOf(file, call.arguments[0]!);
    if (!resolver || !isProcedureBuilder(file, callee.object, resolver)) continue;
    const name = procedureName(call);
    yield { framework: trpc, method: 'POST', path: name, function: resolver, region: wholeBody(resolver), middleware: [callee.object], label: procedureLabel(trpc.noun, name) };
  }
}

/**
 * By declared type: a type declared in `@trpc/server` (when the checker knows the builder). Without one, by
 * the shape only tRPC has: the builder chain (`.input(schema)`, `.use(mw)`) or a resolver that destructures
 * `ctx` / `input`.
 */
function isProcedureBuilder(file: FileContext, builder: TSESTree.Node, resolver: FunctionNode): boolean {
  const type = file.types && typeOf(file.types, builder);
  if (type && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
    const declarations = (type.aliasSymbol ?? type.getSymbol())?.getDeclarations() ?? [];
    if (declarations.length > 0) return declarations.some((declaration) => declaration.getSourceFile().fileName.includes(`/node_modules/${trpc.module}/`));
  }
  const first = resolver.params[0];
  const destructuresContext =
    first?.type === AST_NODE_TYPES.ObjectPattern &&
    first.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Identifier && (trpc.resolverKeys as readonly string[]).includes(property.key.name),
    );
  if (destructuresContext) return true;
  const link = skipTransparent(builder);
  if (link.type !== AST_NODE_TYPES.CallExpression) return false;
  const chain = skipTransparent(link.callee);
  const name = chain.type === AST_NODE_TYPES.MemberExpression ? propertyName(chain) : undefined;
  return name !== undefined && (trpc.builderMethods as readonly string[]).includes(name);
}

const isDirective = (statement: TSESTree.Node, directive: string): boolean =>
  statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === directive;

/**
 * The function an exported value is: a function, or for a builder (`client.schema(s).action(fn)`,
 * `createActionApiRoute(options, fn)`) the last function passed to the outermost call.
 */
function exportedFunction(file: FileContext, node: TSESTree.Node): FunctionNode | undefined {
  const expression = skipTransparent(node);
  if (isFunction(expression)) return expression;
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  for (const argument of [...expression.arguments].reverse()) {
    const expressionArgument = skipTransparent(argument);
    if (isFunction(expressionArgument)) return expressionArgument;
  }
  return undefined;
}

/** `export async function name()`, `export const name = ...`, `export default ...`: the module's exported functions. */
function* exportedFunctions(file: FileContext): Generator<{ name: string | undefined; fn: FunctionNode }> {
  for (const statement of file.program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const fn = exportedFunction(file, statement.declaration);
      if (fn) yield { name: fn.id?.name, fn };
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || !statement.declaration) continue;
    const declaration = statement.declaration;
    if (declaration.type === AST_NODE_TYPES.FunctionDeclaration) yield { name: declaration.id?.name, fn: declaration };
    if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        const fn = declarator.init && exportedFunction(file, declarator.init);
        if (fn && declarator.id.type === AST_NODE_TYPES.Identifier) yield { name: declarator.id.name, fn };
      }
    }
  }
}

function* serverActionHandlers(file: FileContext): Generator<RouteHandler> {
  if (!file.sourceCode.text.includes(serverActions.directive)) return;
  const handler = (name: string | undefined, fn: FunctionNode): RouteHandler => ({
    framework: serverActions,
    method: 'POST',
    path: name,
    function: fn,
    region: wholeBody(fn),
    middleware: [],
    label: procedureLabel(serverActions.noun, name),
  });
  const moduleDirective = file.program.body.some((statement) => isDirective(statement, serverActions.directive));
  if (moduleDirective) {
    for (const { name, fn } of exportedFunctions(file)) if (fn.async) yield handler(name, fn);
    return;
  }
  const functions = [
    ...nodesOfType(file, AST_NODE_TYPES.FunctionDeclaration),
    ...nodesOfType(file, AST_NODE_TYPES.FunctionExpression),
    ...nodesOfType(file, AST_NODE_TYPES.ArrowFunctionExpression),
  ];
  for (const fn of functions) {
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement || !fn.body.body.some((statement) => isDirective(statement, serverActions.directive))) continue;
    yield handler(fn.id?.name ?? procedureName(fn), fn);
  }
}

function* remixActionHandlers(file: FileContext, filename: string): Generator<RouteHandler> {
  if (!file.sourceCode.text.includes(remixActions.exportName)) return;
  const routeMatch = remixActions.routeFile.exec(filename);
  const imported = file.program.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && (remixActions.modules as readonly string[]).includes(statement.source.value),
  );
  if (!routeMatch && !imported) return;
  // Flat routes: `api.v1.orgs.$orgParam.projects` is `/api/v1/orgs/$orgParam/projects`.
  const routePath = routeMatch?.[1] && `/${routeMatch[1].split(/[\\/]/u).join('.').split('.').filter((part) => part !== '_index' && !part.startsWith('_')).join('/')}`;
  for (const { name, fn } of exportedFunctions(file)) {
    if (name !== remixActions.exportName) continue;
    // An action that branches on the method serves POST in its POST branch only.
    const branch = methodBranch(file, fn, 'POST');
    if (!branch && testsMethod(file, fn)) continue;
    const label = routePath === undefined ? procedureLabel(remixActions.noun, undefined) : `${remixActions.noun} ${routePath}`;
    yield { framework: remixActions, method: 'POST', path: routePath, function: fn, region: branch ?? wholeBody(fn), middleware: [], label };
  }
}

// ---------------------------------------------------------------------------------------------------------
// NestJS: @Controller('orders') class { @Post() create() {} }

function* decoratorHandlers(file: FileContext, methods: readonly HttpMethod[]): Generator<RouteHandler> {
  if (!file.sourceCode.text.includes(nest.module)) return;
  const decoratorNamed = (decorator: TSESTree.Decorator, name: string): TSESTree.CallExpression | undefined => {
    const expression = skipTransparent(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const source = moduleExportOf(file, callee);
    if (!source || source.module !== nest.module || source.path.join('.') !== name) return undefined;
    return expression.type === AST_NODE_TYPES.CallExpression ? expression : undefined;
  };
  const classes = [...nodesOfType(file, AST_NODE_TYPES.ClassDeclaration), ...nodesOfType(file, AST_NODE_TYPES.ClassExpression)];
  for (const classNode of classes) {
    // espree leaves `decorators` out of classes and methods that have none
    const classDecorators = classNode.decorators ?? [];
    const controller = classDecorators.map((decorator) => decoratorNamed(decorator, nest.controllerDecorator)).find((call) => call);
    if (!controller) continue;
    const prefix = routeArgument(controller.arguments[0]);
    for (const member of classNode.body.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.value.type !== AST_NODE_TYPES.FunctionExpression) continue;
      for (const method of methods) {
        const routeDecorator = (member.decorators ?? []).map((decorator) => decoratorNamed(decorator, nest.methodDecorators[method])).find((call) => call);
        if (!routeDecorator) continue;
        const own = routeArgument(routeDecorator.arguments[0]);
        const routePath = joinRoute(prefix, own);
        yield {
          framework: nest,
          method,
          path: routePath,
          function: member.value,
          region: wholeBody(member.value),
          middleware: [...(member.decorators ?? []), ...classDecorators],
          label: label(method, routePath),
        };
      }
    }
  }
}

function routeArgument(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return '';
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.ObjectExpression) {
    const pathProperty = expression.properties.find(
      (property): property is TSESTree.Property =>
        property.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'path',
    );
    return pathProperty ? staticString(pathProperty.value) : '';
  }
  return staticString(expression);
}

function joinRoute(prefix: string | undefined, own: string | undefined): string | undefined {
  if (prefix === undefined || own === undefined) return undefined;
  const parts = [prefix, own].map((part) => part.replace(/^\/+|\/+$/gu, '')).filter((part) => part !== '');
  return `/${parts.join('/')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Reading the Idempotency-Key header

/**
 * Where `fn` reads one of `headers` (lower case): `req.headers['idempotency-key']`, `req.get('Idempotency-Key')`,
 * `req.header(...)`, `request.headers.get(...)`, `c.req.header(...)`, `ctx.get(...)`, a destructuring
 * `const { 'idempotency-key': key } = req.headers`, or a NestJS `@Headers('idempotency-key') key` parameter.
 * Returns every expression that carries the key's value: the reads and the later reads of the variables they
 * are stored in.
 */
export function idempotencyKeyValues(file: FileContext, fn: FunctionNode, headers: readonly string[]): TSESTree.Node[] {
  const isHeaderName = (node: TSESTree.Node | undefined): boolean => {
    const text = staticString(node);
    return text !== undefined && headers.includes(text.toLowerCase());
  };
  const values: TSESTree.Node[] = [];
  const addValue = (read: TSESTree.Node): void => {
    values.push(read);
    values.push(...storedReads(file, read));
  };
  for (const member of findNodes(file, fn, AST_NODE_TYPES.MemberExpression)) {
    if (member.computed && isHeaderName(member.property)) addValue(member);
  }
  for (const call of findNodes(file, fn, AST_NODE_TYPES.CallExpression)) {
    const callee = skipTransparent(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const name = propertyName(callee);
    if (name !== undefined && (HEADER_ACCESS.getterMethods as readonly string[]).includes(name) && isHeaderName(call.arguments[0])) addValue(call);
  }
  for (const pattern of findNodes(file, fn, AST_NODE_TYPES.ObjectPattern)) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || !isHeaderName(property.key)) continue;
      const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (target.type === AST_NODE_TYPES.Identifier) values.push(...laterReads(file, target));
    }
  }
  // NestJS: `@Headers('idempotency-key') key: string`.
  for (const param of fn.params) {
    const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
    const decorators = 'decorators' in target ? (target.decorators ?? []) : [];
    const readsHeader = decorators.some((decorator) => {
      const expression = skipTransparent(decorator.expression);
      if (expression.type !== AST_NODE_TYPES.CallExpression || !isHeaderName(expression.arguments[0])) return false;
      const source = moduleExportOf(file, expression.callee);
      return source?.module === nest.module && source.path.join('.') === nest.headerDecorator;
    });
    const identifier = target.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
    if (readsHeader && identifier.type === AST_NODE_TYPES.Identifier) values.push(...laterReads(file, identifier));
  }
  return values;
}

/** `const key = <read>` / `key = <read>`: the later reads of `key`, followed through one more copy. */
function storedReads(file: FileContext, read: TSESTree.Node, depth = 0): TSESTree.Node[] {
  let current: TSESTree.Node = read;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.ChainExpression ||
      current.parent.type === AST_NODE_TYPES.LogicalExpression ||
      current.parent.type === AST_NODE_TYPES.ConditionalExpression ||
      (current.parent.type === AST_NODE_TYPES.CallExpression && current.parent.arguments.includes(current as TSESTree.CallExpressionArgument) && skipTransparent(current.parent.callee).type === AST_NODE_TYPES.Identifier && ['String'].includes((skipTransparent(current.parent.callee) as TSESTree.Identifier).name)))
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  let target: TSESTree.Node | undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) target = parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) target = parent.left;
  if (target?.type !== AST_NODE_TYPES.Identifier) return [];
  const reads = laterReads(file, target);
  return depth > 1 ? reads : [...reads, ...reads.flatMap((use) => storedReads(file, use, depth + 1))];
}

function laterReads(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Node[] {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  return (variable?.references ?? []).filter((reference) => reference.isRead()).map((reference) => reference.identifier);
}
