import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import type { PaymentLibrary } from '../catalogue/payments.js';
import { memoize, type FileContext, type TypeServices } from '../file-context.js';
import { calleeName, isFunction, keyName, propertyName, skipTransparent } from '../analysis/nodes.js';
import { annotatedTypeOf, factoryOf, isOneOf, moduleExportOf } from './bindings.js';
import { originOf } from './instances.js';
import type { ExportSource } from './module-exports.js';
import { annotationSource, receiverSource } from './receivers.js';
import { typeMatches, typeOf } from './types.js';

/** A call to a payment API that acts again when repeated. */
export interface PaymentCall {
  readonly node: TSESTree.CallExpression;
  readonly library: PaymentLibrary;
  /** `paymentIntents.create`: the resource and method, as written. */
  readonly label: string;
  /** The request-options argument, when one is passed at its position. */
  readonly options: TSESTree.CallExpressionArgument | undefined;
  readonly optionsArg: number;
}

/**
 * A non-idempotent call of a catalogued payment library: the receiver is one of its resources, by declared
 * type (`Stripe.PaymentIntentResource` extends `StripeResource`), or without types, a property of a variable
 * bound to the library's client (`const stripe = new Stripe(key)`, `(stripe: Stripe) => ...`).
 */
export function paymentCallOf(
  file: FileContext,
  call: TSESTree.CallExpression,
  libraries: readonly PaymentLibrary[],
): PaymentCall | undefined {
  // One cache per file: every caller passes the catalogue's `paymentLibraries`.
  const cache = memoize(file, 'payment-calls', () => new WeakMap<TSESTree.CallExpression, PaymentCall | null>());
  const cached = cache.get(call);
  if (cached !== undefined) return cached ?? undefined;
  const found = classify(file, call, libraries);
  cache.set(call, found ?? null);
  return found;
}

function classify(file: FileContext, call: TSESTree.CallExpression, libraries: readonly PaymentLibrary[]): PaymentCall | undefined {
  const callee = skipTransparent(call.callee);
  const method = calleeName(call);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || method === undefined) return undefined;
  for (const library of libraries) {
    const entry = Object.hasOwn(library.calls, method) ? library.calls[method] : undefined;
    if (!entry) continue;
    const receiver = skipTransparent(callee.object);
    const resource = receiver.type === AST_NODE_TYPES.MemberExpression ? propertyName(receiver) : undefined;
    if (resource !== undefined && library.harmlessResources.includes(resource)) continue;
    if (!isResource(file, receiver, library)) continue;
    const label = resource === undefined ? method : `${resource}.${method}`;
    if (Object.hasOwn(library.oncePerParam, label) && namesParent(call.arguments[0], library.oncePerParam[label])) continue;
    return {
      node: call,
      library,
      label,
      options: call.arguments[entry.optionsArg],
      optionsArg: entry.optionsArg,
    };
  }
  return undefined;
}

function isResource(file: FileContext, receiver: TSESTree.Node, library: PaymentLibrary): boolean {
  const type = file.types && typeOf(file.types, receiver);
  if (file.types && type) return typeMatches(file.types, type, library.resourceTypes);
  // `stripe.refunds` or `stripe.checkout.sessions`: a property path from the client.
  let client = receiver;
  for (let depth = 0; depth < 2 && client.type === AST_NODE_TYPES.MemberExpression; depth++) {
    client = skipTransparent(client.object);
    if (isClient(file, client, library)) return true;
  }
  return false;
}

/**
 * The library's client object: by declared type, or bound to its constructor or annotated with its type, or
 * (without types) imported from an application module that constructs it (`export const stripe = new
 * Stripe(key)` in `lib/stripe.ts`), or returned by a function of the file declared to return it.
 */
export function isClient(file: FileContext, node: TSESTree.Node, library: PaymentLibrary): boolean {
  const type = file.types && typeOf(file.types, node);
  if (file.types && type) return typeMatches(file.types, type, library.clientTypes);
  if (isOneOf(factoryOf(file, node), library.clientFactories) || isOneOf(annotatedTypeOf(file, node), library.clientTypeNames)) return true;
  const source = clientSource(file, node, 0);
  // The class itself (`made: 'class'`) is no client: `Stripe.webhooks` is the static helper, read apart.
  return source !== undefined && source.made !== 'class' && isOneOf(source, library.clientFactories);
}

/**
 * Where a client value comes from without types: an application module's export (module reading), an element
 * of `await Promise.all([...])`, or a call of a function or method of this file whose declared return type is
 * the library's class or an application class extending it (`getStripeClient(): Promise<VendureStripeClient>`).
 */
function clientSource(file: FileContext, node: TSESTree.Node, depth: number): ExportSource | undefined {
  if (depth > 3) return undefined;
  const known = receiverSource(file, node);
  if (known) return known;
  const origin = skipTransparent(originOf(file, node));
  if (origin.type === AST_NODE_TYPES.Identifier) {
    const element = promiseAllElement(file, origin);
    return element && clientSource(file, element, depth + 1);
  }
  if (origin.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const returned = declaredReturnType(file, origin);
  return returned && annotationSource(file, returned);
}

/** `const [stripe, order] = await Promise.all([getClient(), findOrder()])`: the expression `stripe` takes. */
function promiseAllElement(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const pattern = definition.node.id;
  if (pattern.type !== AST_NODE_TYPES.ArrayPattern || !definition.node.init) return undefined;
  const index = pattern.elements.findIndex((element) => element === definition.name);
  let init = skipTransparent(definition.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTransparent(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression || index < 0) return undefined;
  const callee = skipTransparent(init.callee);
  const isPromiseAll =
    callee.type === AST_NODE_TYPES.MemberExpression &&
    skipTransparent(callee.object).type === AST_NODE_TYPES.Identifier &&
    (skipTransparent(callee.object) as TSESTree.Identifier).name === 'Promise' &&
    propertyName(callee) === 'all';
  const list = init.arguments[0] && skipTransparent(init.arguments[0]);
  if (!isPromiseAll || list?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const element = list.elements[index];
  return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : undefined;
}

/**
 * The declared return type of the function `call` runs, when it is declared in this file: a method of the
 * enclosing class (`this.getClient()`) or a function declaration; `Promise<T>` is read as `T`.
 */
function declaredReturnType(file: FileContext, call: TSESTree.CallExpression): TSESTree.TypeNode | undefined {
  const callee = skipTransparent(call.callee);
  let fn: TSESTree.Node | undefined;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(callee);
    let classBody: TSESTree.Node | undefined = call.parent;
    while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
    const methods =
      classBody?.type === AST_NODE_TYPES.ClassBody
        ? classBody.body.filter(
            (element): element is TSESTree.MethodDefinition =>
              element.type === AST_NODE_TYPES.MethodDefinition && !element.computed && !element.static && keyName(element.key) === name,
          )
        : [];
    fn = methods.length === 1 ? methods[0]!.value : undefined;
  } else if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(callee), callee);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'FunctionName') fn = definition.node;
  }
  if (!fn || !isFunction(fn)) return undefined;
  const annotation = fn.returnType?.typeAnnotation;
  if (annotation?.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && annotation.typeName.name === 'Promise') {
    const [inner] = annotation.typeArguments?.params ?? [];
    return inner;
  }
  return annotation;
}

/** `stripe.webhooks.constructEvent(...)` (or `Stripe.webhooks`, the static form). */
export function isWebhookVerification(file: FileContext, call: TSESTree.CallExpression, libraries: readonly PaymentLibrary[]): PaymentLibrary | undefined {
  const callee = skipTransparent(call.callee);
  const method = calleeName(call);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || method === undefined) return undefined;
  const namespace = skipTransparent(callee.object);
  if (namespace.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return libraries.find(
    (library) =>
      library.webhookVerifiers.includes(method) &&
      propertyName(namespace) === library.webhookNamespace &&
      (isClient(file, namespace.object, library) || isStaticClient(file, namespace.object, library)),
  );
}

/** `Stripe.webhooks`: the constructor itself carries the static webhooks helper. */
function isStaticClient(file: FileContext, node: TSESTree.Node, library: PaymentLibrary): boolean {
  const expression = skipTransparent(node);
  if (expression.type !== AST_NODE_TYPES.Identifier) return false;
  const type = file.types && typeOf(file.types, expression);
  if (file.types && type) {
    const construct = type.getConstructSignatures()[0];
    return construct !== undefined && typeMatches(file.types, construct.getReturnType(), library.clientTypes);
  }
  return isOneOf(moduleExportOf(file, expression), library.clientFactories);
}

/**
 * The same question on the TypeScript AST of another file, for effects reached through helper functions:
 * `paymentIntents.create(...)` on a receiver whose type is a payment resource. Returns the label, and whether
 * request options are passed with the idempotency option (or as an expression the rule cannot read).
 */
export function tsPaymentCallOf(
  types: TypeServices,
  call: ts.CallExpression,
  libraries: readonly PaymentLibrary[],
): { library: PaymentLibrary; label: string; keyed: boolean } | undefined {
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const receiver = call.expression.expression;
  for (const library of libraries) {
    const entry = Object.hasOwn(library.calls, method) ? library.calls[method] : undefined;
    if (!entry) continue;
    const resource = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
    if (resource !== undefined && library.harmlessResources.includes(resource)) continue;
    const type = types.checker.getTypeAtLocation(receiver);
    if (!typeMatches(types, type, library.resourceTypes)) continue;
    const label = resource === undefined ? method : `${resource}.${method}`;
    const params = call.arguments[0];
    const parent = Object.hasOwn(library.oncePerParam, label) ? library.oncePerParam[label] : undefined;
    if (
      parent !== undefined &&
      params !== undefined &&
      ts.isObjectLiteralExpression(params) &&
      params.properties.some((property) => property.name !== undefined && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === parent)
    ) {
      continue;
    }
    const options = call.arguments[entry.optionsArg];
    const keyed =
      options !== undefined &&
      (!ts.isObjectLiteralExpression(options) ||
        options.properties.some(
          (property) => ts.isSpreadAssignment(property) || (property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === library.idempotencyOption),
        ));
    return { library, label, keyed };
  }
  return undefined;
}

/** The params object (as written) sets `parent`: a create the provider makes once per that parent. */
function namesParent(params: TSESTree.Node | undefined, parent: string | undefined): boolean {
  const object = params && skipTransparent(params);
  if (parent === undefined || object?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return object.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      ((property.key.type === AST_NODE_TYPES.Identifier && property.key.name === parent) || (property.key.type === AST_NODE_TYPES.Literal && property.key.value === parent)),
  );
}
