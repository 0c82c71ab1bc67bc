import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import {
  AFTER_RESPONSE_CALLS,
  BODY_IDEMPOTENCY_KEYS,
  DEFAULT_IDEMPOTENCY_HEADERS,
  DEFAULT_IDEMPOTENCY_MIDDLEWARE,
  FRESH_BY_DESIGN,
  PRODUCTION_ENVIRONMENT,
  nameWords,
  routerFrameworks,
  type HandlerCode,
  type HttpFramework,
  type HttpMethod,
} from '../catalogue/http.js';
import { FRESH_VALUE_CALLS, paymentLibraries } from '../catalogue/payments.js';
import { calleeOf, type Callee } from '../analysis/callees.js';
import { databaseEffectsOf } from '../analysis/summaries.js';
import { transactionAround } from '../analysis/transactions.js';
import { contains, isFunction, isLoop, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { getFileContext, memoize, type FileContext } from '../file-context.js';
import { indentOf, indentUnit } from '../fix.js';
import { isOneOf, moduleExportOf } from '../recognize/bindings.js';
import { databaseCallOf, type DatabaseCall } from '../recognize/database.js';
import { findRouteHandlers, idempotencyKeyValues, type RouteHandler } from '../recognize/handlers.js';
import { callsIn, findNodes } from '../recognize/modules.js';
import { importedFunctionOf, moduleContext, type ImportedFunction } from '../recognize/imported-helpers.js';
import { resolveProjectModule } from '../recognize/module-exports.js';
import { naturalKeysOf } from '../recognize/prisma-schema.js';
import { isWebhookVerification, paymentCallOf, tsPaymentCallOf, type PaymentCall } from '../recognize/payments.js';
import { redisCall, setOptions } from '../recognize/redis.js';
import { typeMatches, typeOf, type TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Non-idempotent effects in request handlers and webhook handlers. A client (or Stripe) that does not hear
 * back retries; a POST handler that creates, charges or sends without an idempotency key does it again.
 */

export const idempotencyMessages = {
  missingKey:
    '{{handler}} {{effect}} without an idempotency key: a retried request does it again. Read the `Idempotency-Key` header and record it before the effect (or put an idempotency middleware on the route).',
  missingKeyProcedure:
    '{{handler}} {{effect}} without an idempotency key: a double submit or a retried call does it again. Take a key the client makes once per operation (in the input) and record it before the effect, or make the effect itself idempotent (a unique constraint, an upsert).',
  lazyCreate:
    '{{effect}} runs when `{{field}}` is not set yet, and its result is stored afterwards: two concurrent requests both see it unset and create two. Pass an idempotency key derived from `{{owner}}` so that the second request gets the first one back.',
  freshKey:
    'The idempotency key of {{effect}} is built from `{{source}}`, which is new on every attempt, so a retry is never recognised as one. Derive the key from the request (its `Idempotency-Key` header) or from a stable id.',
  unkeyedPayment:
    '{{effect}} moves money without an idempotency key: when the request, job or webhook that runs it is retried (a timeout, a redelivery, a second run of a cron), the money moves twice. Pass `{{option}}` derived from what the call pays for (the payout, invoice or payment it settles).',
  webhookNotDeduplicated:
    'Webhook {{handler}} {{effect}} before recording `{{event}}.{{id}}`: events are delivered at least once, so a redelivery does it again. Record the event id atomically first (unique insert, `ON CONFLICT DO NOTHING`) and skip events already seen.',
  suggestOwnerKey: 'Pass the key {{key}} (the same on every attempt for this owner) as `{{option}}`.',
  suggestStripeKey: 'Pass the request\'s `Idempotency-Key` header as `{{option}}`.',
  suggestKeyGuard: 'Read the `Idempotency-Key` header and skip requests already seen with `{{helper}}`.',
  suggestEventDedupe: 'Record `{{event}}.{{id}}` with `{{helper}}` and skip events already seen.',
} as const;

export type IdempotencyMessageId = keyof typeof idempotencyMessages;

export interface IdempotencyOptions {
  /** HTTP methods whose handlers must be idempotent. PUT, PATCH and DELETE are idempotent by definition. */
  readonly methods: readonly HttpMethod[];
  /** Header names that carry the client's key (case-insensitive). */
  readonly headers: readonly string[];
  /** Idempotency middleware: import sources, and parts of function, decorator and interceptor names. */
  readonly middleware: { readonly packages: readonly string[]; readonly names: readonly string[] };
  /**
   * Other non-idempotent calls (queue publishes, emails): methods on receivers of a type, or, without `type`,
   * any call of a function or method with one of these names.
   */
  readonly effects: readonly { readonly methods: readonly string[]; readonly type?: TypeOrValueSpecifier }[];
  /** The application's own repositories and wrappers, for the database classifier. */
  readonly repositories: readonly TypeOrValueSpecifier[];
  /**
   * A helper `(key: string) => Promise<boolean>` that records a key atomically and resolves `true` the first
   * time: named here, the suggestions insert a guard and a webhook dedupe that call it.
   */
  readonly keyStore: { readonly name: string; readonly module: string } | null;
}

export const defaultIdempotencyOptions: IdempotencyOptions = {
  methods: ['POST'],
  headers: DEFAULT_IDEMPOTENCY_HEADERS,
  middleware: { packages: DEFAULT_IDEMPOTENCY_MIDDLEWARE.packages, names: DEFAULT_IDEMPOTENCY_MIDDLEWARE.names },
  effects: [],
  repositories: [],
  keyStore: null,
};

type Context = Readonly<TSESLint.RuleContext<IdempotencyMessageId, readonly [Partial<IdempotencyOptions>]>>;

/** A non-idempotent effect a handler has: a call in its body, or a call of a helper that has one. */
interface Effect {
  readonly call: TSESTree.CallExpression;
  /** `calls stripe paymentIntents.create`, `creates prisma order`, `calls orderService.create, which creates...`. */
  readonly description: string;
  /** Set for a payment call made directly in the handler (the key suggestion can reach it). */
  readonly payment?: PaymentCall;
  /** Set when the effect is in a function the call runs. */
  readonly helper?: Callee;
  /** The call in this file that has the effect itself: `call`, or the one inside the helper. */
  readonly innermost?: TSESTree.CallExpression;
  /** A session, token or code created: new on every call by design. */
  readonly freshModel?: boolean;
  /** A database create or insert (not a payment or a named effect). */
  readonly databaseCreate?: boolean;
}

export function idempotency(context: Context): TSESLint.RuleListener {
  // The rule creator merges the defaults in; the spread keeps the types honest for partial user options.
  const options: IdempotencyOptions = { ...defaultIdempotencyOptions, ...context.options[0] };
  return {
    'Program:exit'() {
      const file = getFileContext(context as never);
      const analysis = new Analysis(context, file, options);
      analysis.run();
    },
  };
}

class Analysis {
  private readonly reported = new Set<TSESTree.Node>();
  /** Effects a handler or webhook already judged (reported, or guarded by its key or dedupe). */
  private readonly judged = new Set<TSESTree.Node>();

  constructor(
    private readonly context: Context,
    private readonly file: FileContext,
    private readonly options: IdempotencyOptions,
  ) {}

  run(): void {
    const text = this.file.sourceCode.text;
    this.reportFreshKeys();
    this.reportLazyCreates();
    // Cheap filter before any walk: a file that never names a checked method serves none of them.
    const lower = text.toLowerCase();
    // Procedures (tRPC mutations, Server Actions, route actions) are POSTs that never say so.
    const procedures = /\.mutation\(|use server|\baction\b/u.test(text);
    const methods = this.options.methods.filter((method) => lower.includes(method.toLowerCase()) || (method === 'POST' && procedures));
    const handlers = methods.length === 0 ? [] : findRouteHandlers(this.file, this.context.filename, methods);
    const webhookFunctions = new Set<FunctionNode>();
    if (paymentLibraries.some((library) => library.webhookVerifiers.some((verifier) => text.includes(verifier)))) {
      for (const call of callsIn(this.file)) {
        const library = isWebhookVerification(this.file, call, paymentLibraries);
        if (!library) continue;
        const fn = enclosingFunctionNode(call);
        if (!fn || webhookFunctions.has(fn)) continue;
        webhookFunctions.add(fn);
        const handler = handlers.find((candidate) => candidate.function === fn);
        this.checkWebhook(fn, call, library.eventIdProperty, handler);
      }
    }
    for (const handler of handlers) {
      if (webhookFunctions.has(handler.function)) continue;
      this.checkHandler(handler);
    }
    // Last: a handler's or webhook's own report of the same call (with its suggestions) comes first.
    this.reportUnkeyedPayments();
  }

  // --- Money moved without a key -------------------------------------------------------------------------

  /**
   * A payout, refund, transfer or confirmed charge without the idempotency option, wherever it runs: the code
   * around it is a request, a job or a webhook that its runner retries, and the provider cannot tell the
   * retry from a second payment. Code run once when a script starts (`main()` at the top level) is left alone.
   */
  private reportUnkeyedPayments(): void {
    const text = this.file.sourceCode.text;
    if (!paymentLibraries.some((library) => library.moneyMovements.some((label) => text.includes(label.split('.')[1]!)))) return;
    for (const call of callsIn(this.file)) {
      const payment = paymentCallOf(this.file, call, paymentLibraries);
      if (!payment || this.judged.has(call) || isKeyed(payment) || !movesMoney(payment) || runsOnceAtStart(this.file, call) || refusedInProduction(call)) continue;
      this.report(call, 'unkeyedPayment', { effect: `${payment.library.id} \`${payment.label}\``, option: payment.library.idempotencyOption }, []);
    }
  }

  // --- POST handlers -----------------------------------------------------------------------------------

  private checkHandler(handler: RouteHandler): void {
    // Read even when the route is guarded: its effects are judged here, not again as unkeyed payments.
    const effects = this.effectsIn(handler.function, handler.region, 0).filter((effect) => !effect.freshModel);
    if (effects.length === 0 || this.behindMiddleware(handler) || freshByDesign(handler)) return;
    const keyValues = [
      ...idempotencyKeyValues(this.file, handler.function, this.options.headers),
      ...bodyKeyValues(this.file, handler.function),
    ];
    const guards = keyValues.filter((value) => this.recordsOrLooksUp(value));
    // Stripe refuses one key for two different requests: with several payment calls, each gets its own.
    const payments = findNodes(this.file, handler.function.body, AST_NODE_TYPES.CallExpression).filter(
      (call) => call.range[0] >= handler.region[0] && call.range[1] <= handler.region[1] && paymentCallOf(this.file, call, paymentLibraries),
    ).length;
    const request = handler.function.params[0];
    for (const effect of effects) {
      if (keyValues.some((value) => contains(effect.call, value))) continue; // keyed insert, keyed call
      if (gatedByClaim(this.file, effect.call, this.options.repositories) || afterExclusiveStep(this.file, effect.call, this.options.repositories)) continue;
      if (refusedInProduction(effect.call)) continue;
      if (guards.some((guard) => guard.range[1] <= effect.call.range[0])) continue;
      // The request handed to a helper (`createOrder(req)`): the helper may read the key itself. One in this
      // file is read; one in another file is given the benefit of the doubt.
      if (effect.helper && request?.type === AST_NODE_TYPES.Identifier && effect.call.arguments.some((argument) => passesRequest(this.file, argument, request))) {
        if (effect.helper.kind === 'remote' || idempotencyKeyValues(this.file, effect.helper.function, this.options.headers).length > 0) continue;
      }
      const messageId = handler.framework.kind === 'procedure' ? 'missingKeyProcedure' : 'missingKey';
      this.report(effect.call, messageId, { handler: handler.label, effect: effect.description }, [
        ...this.stripeKeySuggestion(handler, effect, keyValues, payments),
        ...this.keyGuardSuggestion(handler, keyValues),
      ]);
    }
  }

  /**
   * A read of the key used to look up or record the request: an argument of a call (`store.get(key)`,
   * `db.idempotencyKey.create({ data: { key } })`, `redis.set(\`idem:${key}\`, ..., 'NX')`) or a lookup
   * `seen[key]`. A payment call passing it guards only itself; a log line guards nothing.
   */
  private recordsOrLooksUp(value: TSESTree.Node): boolean {
    let current: TSESTree.Node = value;
    for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
      switch (parent.type) {
        case AST_NODE_TYPES.CallExpression: {
          if (parent.callee === current) return false;
          const callee = skipTransparent(parent.callee);
          const isLog = callee.type === AST_NODE_TYPES.MemberExpression && skipTransparent(callee.object).type === AST_NODE_TYPES.Identifier && (skipTransparent(callee.object) as TSESTree.Identifier).name === 'console';
          return !isLog && !paymentCallOf(this.file, parent, paymentLibraries);
        }
        case AST_NODE_TYPES.MemberExpression:
          return parent.computed && parent.property === current;
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.Property:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.SpreadElement:
          continue;
        default:
          return false;
      }
    }
    return false;
  }

  /** Idempotency middleware named on the route (arguments, hooks, decorators) or installed on an app in this file. */
  private behindMiddleware(handler: RouteHandler): boolean {
    if (handler.middleware.some((node) => this.mentionsMiddleware(node))) return true;
    return memoize(this.file, 'idempotency:app-middleware', () => {
      const methods = new Set(routerFrameworks.flatMap((framework) => framework.middlewareMethods));
      return callsIn(this.file).some((call) => {
        const callee = skipTransparent(call.callee);
        const name = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
        return name !== undefined && methods.has(name) && call.arguments.some((argument) => this.mentionsMiddleware(argument));
      });
    });
  }

  private mentionsMiddleware(node: TSESTree.Node): boolean {
    const names = this.options.middleware.names.map((name) => name.toLowerCase());
    return findNodes(this.file, node, AST_NODE_TYPES.Identifier).some((identifier) => {
      const parent = identifier.parent;
      if (parent.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.shorthand) return false;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) {
        // `idempotency.middleware()`: the object names it; a bare property name does too (`mw.idempotency`).
        return names.some((name) => identifier.name.toLowerCase().includes(name));
      }
      if (names.some((name) => identifier.name.toLowerCase().includes(name))) return true;
      const source = moduleExportOf(this.file, identifier);
      return source !== undefined && this.options.middleware.packages.includes(source.module);
    });
  }

  // --- Effects -----------------------------------------------------------------------------------------

  /** The non-idempotent effects of calls in `fn` within `region`, following the application's helpers. */
  private effectsIn(fn: FunctionNode, region: readonly [number, number], depth: number): Effect[] {
    const effects: Effect[] = [];
    for (const call of findNodes(this.file, fn.body, AST_NODE_TYPES.CallExpression)) {
      if (call.range[0] < region[0] || call.range[1] > region[1]) continue;
      const effect = this.directEffect(call) ?? (depth < 2 ? this.helperEffect(call, fn, depth) : undefined);
      if (!effect) continue;
      effects.push(effect);
      if (depth === 0) this.judged.add(effect.innermost ?? effect.call);
    }
    return effects.sort((a, b) => a.call.range[0] - b.call.range[0]);
  }

  private directEffect(call: TSESTree.CallExpression): Effect | undefined {
    const payment = paymentCallOf(this.file, call, paymentLibraries);
    if (payment) {
      if (isKeyed(payment)) return undefined;
      return { call, description: `calls ${payment.library.id} \`${payment.label}\``, payment };
    }
    const database = databaseCallOf(this.file, call, this.options.repositories);
    if (database && (database.effect === 'create' || database.sql?.kind === 'insert') && !database.sql?.onConflict) {
      if (keyedByUnique(this.file, call, database.library.id, database.model)) return undefined;
      if (replacesScope(this.file, database, this.options.repositories)) return undefined;
      if (this.runsForOneRequest(this.file, call)) return undefined;
      const target = database.model ?? database.sql?.table;
      const freshModel = target !== undefined && isFreshModel(target);
      return { call, description: `creates ${target === undefined ? 'a row' : `\`${target}\``} (${database.library.id} \`${database.method}\`)`, freshModel, databaseCreate: true };
    }
    const custom = this.customEffect(call);
    if (custom) return { call, description: `calls \`${custom}\`` };
    return undefined;
  }

  private customEffect(call: TSESTree.CallExpression): string | undefined {
    const callee = skipTransparent(call.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
    if (name === undefined) return undefined;
    for (const entry of this.options.effects) {
      if (!entry.methods.includes(name)) continue;
      if (!entry.type) return name;
      const types = this.file.types;
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee;
      const type = types && typeOf(types, receiver);
      if (types && type && typeMatches(types, type, [entry.type])) return name;
    }
    return undefined;
  }

  /**
   * A call of the application's own function whose body has an effect (one level at a time, two deep). Called
   * after the response (`waitUntil(trackActivityLog(...))`), a helper's best-effort record is no effect.
   */
  private helperEffect(call: TSESTree.CallExpression, caller: FunctionNode, depth: number): Effect | undefined {
    const callee = calleeOf(this.file, call);
    const afterResponse = runsAfterResponse(this.file, call);
    if (!callee) {
      const imported = importedFunctionOf(this.file, call);
      const inner = imported && this.importedEffect(imported, call, afterResponse);
      return inner === undefined ? undefined : { call, description: `calls \`${imported!.name}\`, which ${inner}` };
    }
    if (callee.kind === 'local') {
      if (callee.function === caller || contains(callee.function, call)) return undefined;
      // A session or token made inside the helper is as fresh by design as one made in the handler.
      const inner = this.effectsIn(callee.function, callee.function.body.range, depth + 1).find(
        (effect) =>
          !effect.freshModel &&
          !(afterResponse && effect.databaseCreate && isBestEffortRecord(this.file, callee.function, effect.call)) &&
          !behindOptionNotPassed(this.file, callee.function, effect.call, call),
      );
      return inner && { call, description: `calls \`${callee.name}\`, which ${inner.description}`, helper: callee, innermost: inner.innermost ?? inner.call };
    }
    const inner = this.remoteEffect(callee) ?? this.remoteDatabaseCreate(call);
    return inner === undefined ? undefined : { call, description: `calls \`${callee.name}\`, which ${inner}`, helper: callee };
  }

  /** Payment calls in a function in another file, read from its TypeScript AST by their receiver's type. */
  private remoteEffect(callee: Extract<Callee, { kind: 'remote' }>): string | undefined {
    const types = this.file.types;
    if (!types) return undefined;
    let found: string | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      const payment = ts.isCallExpression(node) ? tsPaymentCallOf(types, node, paymentLibraries) : undefined;
      if (payment && !payment.keyed) {
        found = `calls ${payment.library.id} \`${payment.label}\``;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(callee.declaration.body);
    return found;
  }

  /**
   * Without types: the first effect in a function another module of the application exports, read in that
   * module (its clients resolved from its own imports). One level: its own helpers are not followed.
   */
  private importedEffect(imported: ImportedFunction, call: TSESTree.CallExpression, afterResponse: boolean): string | undefined {
    // In source order: the message names the first effect (`findNodes` walks the last statements first).
    const calls = findNodes(imported.file, imported.function.body, AST_NODE_TYPES.CallExpression).sort((a, b) => a.range[0] - b.range[0]);
    for (const inner of calls) {
      if (behindOptionNotPassed(imported.file, imported.function, inner, call)) continue;
      const payment = paymentCallOf(imported.file, inner, paymentLibraries);
      if (payment) {
        if (isKeyed(payment)) continue;
        return `calls ${payment.library.id} \`${payment.label}\``;
      }
      const database = databaseCallOf(imported.file, inner, this.options.repositories);
      if (!database || !(database.effect === 'create' || database.sql?.kind === 'insert') || database.sql?.onConflict) continue;
      if (keyedByUnique(imported.file, inner, database.library.id, database.model) || this.runsForOneRequest(imported.file, inner)) continue;
      const target = database.model ?? database.sql?.table;
      if (target !== undefined && isFreshModel(target)) continue;
      if (afterResponse && isBestEffortRecord(imported.file, imported.function, inner)) continue;
      return `creates ${target === undefined ? 'a row' : `\`${target}\``} (${database.library.id} \`${database.method}\`)`;
    }
    return undefined;
  }

  /**
   * A database create that the second of two concurrent requests does not reach or keeps: gated by a claim,
   * after a step that throws on a repeat, or in a transaction that rolls back on one.
   */
  private runsForOneRequest(file: FileContext, create: TSESTree.CallExpression): boolean {
    const repositories = this.options.repositories;
    return gatedByClaim(file, create, repositories) || afterExclusiveStep(file, create, repositories) || inTransactionWithUniqueCreate(file, create, repositories);
  }

  /** A database create in the called function, from the database summaries (which read other files too). */
  private remoteDatabaseCreate(call: TSESTree.CallExpression): string | undefined {
    const create = databaseEffectsOf(this.file, call).find((effect) => effect.effect === 'create');
    return create && `creates ${create.model === undefined ? 'a row' : `\`${create.model}\``} (${create.library.id} \`${create.method}\`)`;
  }

  // --- Webhooks ----------------------------------------------------------------------------------------

  private checkWebhook(fn: FunctionNode, verification: TSESTree.CallExpression, idProperty: string, handler: RouteHandler | undefined): void {
    const event = eventVariable(verification);
    const idValues = event ? eventIdValues(this.file, event, idProperty) : [];
    const records = idValues.filter((value) => this.recordsEventId(value));
    const effects = this.effectsIn(fn, [verification.range[1], fn.body.range[1]], 0);
    const handlerName = handler?.label ?? functionName(fn);
    for (const effect of effects) {
      if (idValues.some((value) => contains(effect.call, value))) continue; // keyed by the event id
      if (records.some((record) => record.range[1] <= effect.call.range[0])) continue;
      let description = effect.description;
      // The event handed to a helper (`await handleEvent(event)`): the helper may deduplicate it itself.
      const eventArgument = event ? effect.call.arguments.findIndex((argument) => isReadOf(this.file, argument, event)) : -1;
      if (effect.helper && eventArgument >= 0) {
        const inner = effect.helper.kind === 'local' ? this.undeduplicatedIn(effect.helper.function, eventArgument, idProperty) : undefined;
        if (!inner) continue; // deduplicated there, or in another file the rule does not read for this
        description = `calls \`${effect.helper.name}\`, which ${inner.description}`;
      }
      this.report(
        effect.call,
        'webhookNotDeduplicated',
        { handler: handlerName, effect: description, event: event?.name ?? 'event', id: idProperty },
        this.eventDedupeSuggestion(fn, verification, event, idProperty, handler),
      );
    }
  }

  /** The first effect of a helper receiving the event as parameter `index` that runs before it records the id. */
  private undeduplicatedIn(fn: FunctionNode, index: number, idProperty: string): Effect | undefined {
    const param = fn.params[index];
    const event = param?.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
    if (event?.type !== AST_NODE_TYPES.Identifier) return undefined;
    const idValues = eventIdValues(this.file, event, idProperty);
    const records = idValues.filter((value) => this.recordsEventId(value));
    return this.effectsIn(fn, fn.body.range, 1).find(
      (effect) =>
        !idValues.some((value) => contains(effect.call, value)) && !records.some((record) => record.range[1] <= effect.call.range[0]),
    );
  }

  /** The event id as an argument of a call that records it: a database create or upsert, `SET NX`, the key store. */
  private recordsEventId(value: TSESTree.Node): boolean {
    let current: TSESTree.Node = value;
    for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
      if (parent.type === AST_NODE_TYPES.CallExpression) {
        if (parent.callee === current) return false;
        const database = databaseCallOf(this.file, parent, this.options.repositories);
        if (database) return database.effect === 'create' || database.effect === 'atomic' || database.sql?.kind === 'insert';
        // A helper that records it (`recordEvent(event.id)` inserting into a table, in any file).
        if (databaseEffectsOf(this.file, parent).some((effect) => effect.effect === 'create' || effect.effect === 'atomic')) return true;
        const redis = redisCall(this.file, parent);
        if (redis) return ['setnx', 'sadd', 'hsetnx'].includes(redis.command) || (redis.command === 'set' && setOptions(redis)?.nx === true);
        const callee = skipTransparent(parent.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
        return name !== undefined && name === this.options.keyStore?.name;
      }
      if (isFunction(parent) || parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.ExpressionStatement) return false;
    }
    return false;
  }

  // --- Fresh keys ----------------------------------------------------------------------------------------

  /**
   * A key new on every attempt, for any provider: the `idempotencyKey` request option of a payment call, an
   * `idempotencyKey` property of any call's options, or an `Idempotency-Key` header set in a request.
   */
  private reportFreshKeys(): void {
    const text = this.file.sourceCode.text;
    const lower = text.toLowerCase();
    if (!lower.includes('idempotency')) return;
    const headerNames = this.options.headers.map((header) => header.toLowerCase());
    const isKeyName = (name: string | undefined): boolean =>
      name !== undefined && (BODY_IDEMPOTENCY_KEYS.includes(name) || headerNames.includes(name.toLowerCase()));
    const keys: { key: TSESTree.Node; effect: string }[] = [];
    for (const property of findNodes(this.file, this.file.program, AST_NODE_TYPES.Property)) {
      if (!property.computed && property.parent.type === AST_NODE_TYPES.ObjectExpression && isKeyName(propertyKey(property)) && !isRowColumn(property)) {
        keys.push({ key: property.value, effect: this.keyedCallName(property.value) });
      }
    }
    // `headers.set('Idempotency-Key', key)`, `request.header('Idempotency-Key', key)`.
    for (const call of callsIn(this.file)) {
      const callee = skipTransparent(call.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
      const header = call.arguments[0] && skipTransparent(call.arguments[0]);
      if (['set', 'append', 'header', 'setHeader'].includes(name ?? '') && header?.type === AST_NODE_TYPES.Literal && typeof header.value === 'string' && call.arguments[1] && headerNames.includes(header.value.toLowerCase())) {
        keys.push({ key: call.arguments[1], effect: 'this request' });
      }
    }
    for (const { key, effect } of keys) {
      const fresh = freshSource(this.file, key, 0);
      if (fresh) this.report(key, 'freshKey', { effect, source: fresh }, []);
    }
  }

  /** What a key is for: the payment call (`stripe \`paymentIntents.create\``) or the call it is passed to. */
  private keyedCallName(key: TSESTree.Node): string {
    for (let current: TSESTree.Node = key, parent = key.parent; parent; current = parent, parent = parent.parent) {
      if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
        if (parent.callee === current) return 'this request';
        const payment = parent.type === AST_NODE_TYPES.CallExpression ? paymentCallOf(this.file, parent, paymentLibraries) : undefined;
        if (payment) return `${payment.library.id} \`${payment.label}\``;
        const callee = skipTransparent(parent.callee);
        const path = memberPath(callee);
        if (path) return `\`${path.join('.')}\``;
        continue;
      }
      if (isFunction(parent) || parent.type === AST_NODE_TYPES.BlockStatement) break;
    }
    return 'this request';
  }

  // --- Lazy external creates ----------------------------------------------------------------------------

  /**
   * `if (!user.stripeCustomerId) { const customer = await stripe.customers.create(...); save(customer.id) }`:
   * a payment-provider object created when a field is unset and stored afterwards. Two concurrent requests
   * both see the field unset; without a key derived from the owner, the provider creates two.
   */
  private reportLazyCreates(): void {
    if (!this.file.sourceCode.text.includes('.create(')) return;
    for (const call of callsIn(this.file)) {
      const payment = paymentCallOf(this.file, call, paymentLibraries);
      if (!payment || isKeyed(payment) || calleeNameOf(call) !== 'create') continue;
      const unset = unsetFieldGuarding(this.file, call);
      if (!unset) continue;
      const result = resultVariable(call);
      if (!result || !storesId(this.file, result, call)) continue;
      const ownerText = this.file.sourceCode.getText(unset.owner);
      const field = `${ownerText}.${unset.field}`;
      const hasId = this.ownerHasId(unset.owner);
      const key = `\`${payment.label}:\${${ownerText}.id}\``;
      const option = payment.library.idempotencyOption;
      this.report(
        call,
        'lazyCreate',
        { effect: `${payment.library.id} \`${payment.label}\``, field, owner: hasId ? `${ownerText}.id` : ownerText },
        hasId && payment.options === undefined && call.arguments.length === payment.optionsArg
          ? [{ messageId: 'suggestOwnerKey', data: { key, option }, fix: (fixer) => fixer.insertTextAfter(call.arguments[call.arguments.length - 1]!, `, { ${option}: ${key} }`) }]
          : [],
      );
    }
  }

  /** The owner has an `id`: by its declared type, or without types, `owner.id` is read in the same function. */
  private ownerHasId(owner: TSESTree.Node): boolean {
    const types = this.file.types;
    const type = types && typeOf(types, owner);
    if (types && type && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return types.checker.getNonNullableType(type).getProperty('id') !== undefined;
    const fn = enclosingFunctionNode(owner);
    const ownerText = this.file.sourceCode.getText(owner);
    return (
      fn !== undefined &&
      findNodes(this.file, fn, AST_NODE_TYPES.MemberExpression).some(
        (member) => propertyName(member) === 'id' && this.file.sourceCode.getText(member.object) === ownerText,
      )
    );
  }

  // --- Suggestions ---------------------------------------------------------------------------------------

  /** `{ idempotencyKey: req.get('Idempotency-Key') }` as the payment call's request options. */
  private stripeKeySuggestion(
    handler: RouteHandler,
    effect: Effect,
    keyValues: readonly TSESTree.Node[],
    payments: number,
  ): TSESLint.SuggestionReportDescriptor<IdempotencyMessageId>[] {
    const payment = effect.payment;
    if (!payment) return [];
    const stored = keyValues.find(
      (value): value is TSESTree.Identifier => value.type === AST_NODE_TYPES.Identifier && declaredBeforeAndVisible(this.file, value, effect.call),
    );
    let key: string | undefined;
    if (stored) key = payments > 1 ? `${stored.name} && \`\${${stored.name}}:${payment.label}\`` : stored.name;
    else if (payments === 1) key = this.headerRead(handler);
    if (key === undefined) return [];
    const option = payment.library.idempotencyOption;
    const args = payment.node.arguments;
    const sourceCode = this.file.sourceCode;
    return [
      {
        messageId: 'suggestStripeKey',
        data: { option },
        fix: (fixer) => {
          const existing = payment.options && skipTransparent(payment.options);
          if (existing?.type === AST_NODE_TYPES.ObjectExpression) {
            const opening = sourceCode.getFirstToken(existing)!;
            return fixer.insertTextAfter(opening, existing.properties.length > 0 ? ` ${option}: ${key},` : ` ${option}: ${key} `);
          }
          const padding = Array.from({ length: Math.max(0, payment.optionsArg - args.length) }, () => '{}');
          const inserted = [...padding, `{ ${option}: ${key} }`].join(', ');
          const last = args[args.length - 1];
          if (last) return fixer.insertTextAfter(last, `, ${inserted}`);
          const closing = sourceCode.getLastToken(payment.node)!;
          return fixer.insertTextBefore(closing, inserted);
        },
      },
    ];
  }

  /** The framework's header read over the handler's request parameter. */
  private headerRead(handler: RouteHandler): string | undefined {
    const code = handlerCode(handler.framework);
    const param = handler.function.params[0];
    if (!code || param?.type !== AST_NODE_TYPES.Identifier) return undefined;
    const template = isTypeScript(this.context.filename) && code.readHeaderTs ? code.readHeaderTs : code.readHeader;
    return fill(template, handler.function, this.options.headers[0] ?? 'idempotency-key');
  }

  /**
   * A guard at the start of the handler: read the key, and answer a request already seen without running
   * the effects again. Offered when the options name the key store (so that the code type-checks).
   */
  private keyGuardSuggestion(handler: RouteHandler, keyValues: readonly TSESTree.Node[]): TSESLint.SuggestionReportDescriptor<IdempotencyMessageId>[] {
    const store = this.options.keyStore;
    const code = handlerCode(handler.framework);
    const read = this.headerRead(handler);
    const fn = handler.function;
    if (!store || !code || read === undefined || !fn.async || fn.body.type !== AST_NODE_TYPES.BlockStatement || keyValues.length > 0) return [];
    const anchor = firstStatementIn(this.file, fn, handler.region);
    if (!anchor) return [];
    const name = 'idempotencyKey';
    if (this.file.sourceCode.getScope(anchor).set.has(name) || hasVariable(this.file, fn, name)) return [];
    const indent = indentOf(this.file.sourceCode, anchor);
    const unit = indentUnit(this.file.sourceCode);
    const answer = fill(code.answerDuplicate, fn, '')
      .split('\n')
      .map((line) => `${indent}${unit}${line}`)
      .join('\n');
    const guard = [
      `const ${name} = ${read};`,
      `${indent}if (${name} !== undefined && !(await ${store.name}(${name}))) {`,
      answer,
      `${indent}}`,
      indent,
    ].join('\n');
    return [
      {
        messageId: 'suggestKeyGuard',
        data: { helper: store.name },
        fix: (fixer) => [fixer.insertTextBefore(anchor, guard), ...this.importStore(fixer)],
      },
    ];
  }

  /** After the event is verified: record its id, and answer a redelivery as done. */
  private eventDedupeSuggestion(
    fn: FunctionNode,
    verification: TSESTree.CallExpression,
    event: TSESTree.Identifier | undefined,
    idProperty: string,
    handler: RouteHandler | undefined,
  ): TSESLint.SuggestionReportDescriptor<IdempotencyMessageId>[] {
    const store = this.options.keyStore;
    const code = handler && handlerCode(handler.framework);
    if (!store || !code || !event || !fn.async) return [];
    const statement = statementAfterWhichEventIsSet(verification);
    if (!statement) return [];
    const indent = indentOf(this.file.sourceCode, statement);
    const unit = indentUnit(this.file.sourceCode);
    const answer = fill(code.answerDelivered, fn, '')
      .split('\n')
      .map((line) => `${indent}${unit}${line}`)
      .join('\n');
    const dedupe = `\n${indent}if (!(await ${store.name}(${event.name}.${idProperty}))) {\n${answer}\n${indent}}`;
    return [
      {
        messageId: 'suggestEventDedupe',
        data: { helper: store.name, event: event.name, id: idProperty },
        fix: (fixer) => [fixer.insertTextAfter(statement, dedupe), ...this.importStore(fixer)],
      },
    ];
  }

  private importStore(fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] {
    const store = this.options.keyStore!;
    const body = this.file.program.body;
    const imported = body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration &&
        statement.specifiers.some((specifier) => specifier.local.name === store.name),
    );
    const declared = this.file.sourceCode.scopeManager?.globalScope?.childScopes[0]?.set.has(store.name) ?? false;
    if (imported || declared) return [];
    // A CommonJS file (no `import`/`export`, and `require` calls) gets a `require`: an `import` would break it.
    const esm = body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration ||
        statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
        statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        statement.type === AST_NODE_TYPES.ExportAllDeclaration,
    );
    const commonjs = !esm && (this.file.program.sourceType !== 'module' || /\brequire\s*\(/u.test(this.file.sourceCode.text));
    const text = !commonjs
        ? `import { ${store.name} } from '${store.module}';\n`
        : `const { ${store.name} } = require('${store.module}');\n`;
    const lastImport = [...body].reverse().find((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
    if (lastImport) return [fixer.insertTextAfter(lastImport, `\n${text.trimEnd()}`)];
    // After a leading `'use strict'` or `'use server'` directive, which must stay first.
    const directives = body.filter((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined);
    const lastDirective = directives.length > 0 && body.indexOf(directives[directives.length - 1]!) === directives.length - 1 ? directives[directives.length - 1] : undefined;
    if (lastDirective) return [fixer.insertTextAfter(lastDirective, `\n${text.trimEnd()}`)];
    return body[0] ? [fixer.insertTextBefore(body[0], text)] : [];
  }

  private report(
    node: TSESTree.Node,
    messageId: IdempotencyMessageId,
    data: Record<string, string>,
    suggest: TSESLint.SuggestionReportDescriptor<IdempotencyMessageId>[],
  ): void {
    if (this.reported.has(node)) return;
    this.reported.add(node);
    this.context.report({ node, messageId, data, suggest });
  }
}

// --- Helpers -------------------------------------------------------------------------------------------------

function enclosingFunctionNode(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

function functionName(fn: FunctionNode): string {
  if (fn.id) return `\`${fn.id.name}\``;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `\`${parent.id.name}\``;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.key.type === AST_NODE_TYPES.Identifier) return `\`${parent.key.name}\``;
  return 'handler';
}

/**
 * `effect` runs only in `if (option ...)`, where `option` is a property of a parameter of `fn` (`fn({ history })`,
 * or `const { history } = options` of parameter `options`) that `call` passes as an object literal without it
 * (and without a spread): the branch cannot run for this call (trigger.dev's `executeQuery` without `history`).
 */
function behindOptionNotPassed(file: FileContext, fn: FunctionNode, effect: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && parent !== fn; current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement || parent.consequent !== current) continue;
    for (const operand of positiveOperands(parent.test)) {
      const option = parameterOption(file, fn, operand);
      const argument = option && call.arguments[option.index];
      const object = argument && skipTransparent(argument);
      if (
        option &&
        object?.type === AST_NODE_TYPES.ObjectExpression &&
        object.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed && propertyKey(property) !== option.key)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Which parameter (by index) and which of its properties a variable holds: `({ history })`, `const { history } = options`. */
function parameterOption(file: FileContext, fn: FunctionNode, identifier: TSESTree.Identifier): { index: number; key: string } | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const keyOf = (pattern: TSESTree.Node): string | undefined => {
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    const property = pattern.properties.find(
      (candidate): candidate is TSESTree.Property =>
        candidate.type === AST_NODE_TYPES.Property &&
        !candidate.computed &&
        (candidate.value === definition.name || (candidate.value.type === AST_NODE_TYPES.AssignmentPattern && candidate.value.left === definition.name)),
    );
    return property && propertyKey(property);
  };
  if (definition.type === 'Parameter') {
    const index = fn.params.findIndex((param) => param.range[0] <= definition.name.range[0] && definition.name.range[1] <= param.range[1]);
    const key = index >= 0 ? keyOf(fn.params[index]!) : undefined;
    return key === undefined ? undefined : { index, key };
  }
  const init = definition.type === 'Variable' && definition.node.init ? skipTransparent(definition.node.init) : undefined;
  if (definition.type !== 'Variable' || init?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const source = ASTUtils.findVariable(file.sourceCode.getScope(init), init);
  const param = source?.defs.length === 1 && source.defs[0]!.type === 'Parameter' ? source.defs[0]!.name : undefined;
  const index = param ? fn.params.indexOf(param as TSESTree.Parameter) : -1;
  const key = index >= 0 && !source!.references.some((reference) => reference.isWrite() && !reference.init) ? keyOf(definition.node.id) : undefined;
  return key === undefined ? undefined : { index, key };
}

/**
 * A set replaced: rows of the model deleted earlier in the same function, by a filter whose every value the
 * insert writes too (`deleteMany({ where: { userId, organizationId } })` then `createMany` of rows with that
 * `userId` and `organizationId`; Drizzle's `delete(t).where(eq(t.projectId, id))` then `insert(t)` of rows
 * with `projectId: id`). A repeat deletes what the first wrote and writes it again: the same set.
 */
function replacesScope(file: FileContext, create: DatabaseCall, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const model = create.model;
  const fn = enclosingFunctionNode(create.node);
  if (model === undefined || !fn) return false;
  // The values the insert writes, as written: a filter value must be one of them, not a part of one.
  const written = new Set(
    [AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.Literal].flatMap((type) =>
      findNodes(file, create.node, type).map((node) => file.sourceCode.getText(node)),
    ),
  );
  return findNodes(file, fn.body, AST_NODE_TYPES.CallExpression).some((call) => {
    if (call.range[1] > create.node.range[0] || enclosingFunctionNode(call) !== fn) return false;
    const deletion = databaseCallOf(file, call, repositories);
    if (deletion?.effect !== 'delete' || deletion.model?.toLowerCase() !== model.toLowerCase() || !deletion.filter) return false;
    const values = filterValues(file, deletion.filter, model);
    return values.length > 0 && values.every((value) => written.has(file.sourceCode.getText(value)));
  });
}

/** The values a filter compares with: a `where` object's property values, or Drizzle's `eq(table.column, value)` (in `and`). */
function filterValues(file: FileContext, filter: TSESTree.Node, model: string): TSESTree.Node[] {
  const node = skipTransparent(filter);
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    // A spread or computed key: the filter is not known.
    const plain = node.properties.filter((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && !property.computed);
    return plain.length === node.properties.length ? plain.map((property) => property.value) : [];
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return [];
  const [column, value] = node.arguments;
  if (node.arguments.length === 2 && column?.type === AST_NODE_TYPES.MemberExpression && file.sourceCode.getText(column.object) === model) return [value!];
  return node.arguments.flatMap((argument) => filterValues(file, argument, model));
}

/**
 * The effect runs only when an atomic state transition claimed rows: inside `if (count > 0)` (also `count`,
 * `count >= 1`, `count !== 0`, joined by `&&`), where `count` is what a Prisma `updateMany` whose `where` tests
 * a field its `data` changes returned (`const { count } = await db.group.updateMany({ where: { id, status:
 * 'pending' }, data: { status: 'resolved' } })`), directly or as the return of a helper (of this file, or
 * imported without types) that returns only such a count or a number literal. Of two concurrent requests only
 * one claims the rows; the other's count is 0 and it skips the effect.
 */
function gatedByClaim(file: FileContext, effect: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement || parent.consequent !== current) continue;
    if (positiveOperands(parent.test).some((operand) => isClaimCount(file, operand, 0, repositories))) return true;
  }
  return false;
}

/**
 * A step before the effect that the second of two concurrent requests does not get past, run unconditionally
 * in a block around it: `if (count === 0) return` (or `throw`) after a claim's count; a claiming Prisma
 * `update`, which throws when the state changed; a Prisma create keyed by a unique from stable values, which
 * throws on a repeat.
 */
function afterExclusiveStep(file: FileContext, effect: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of parent.body) {
      if (statement.range[0] >= current.range[0]) break;
      if (
        statement.type === AST_NODE_TYPES.IfStatement &&
        !statement.alternate &&
        alwaysExitsStatement(statement.consequent) &&
        nonPositiveOperands(statement.test).some((operand) => isClaimCount(file, operand, 0, repositories))
      ) {
        return true;
      }
      const step = awaitedCall(statement);
      if (step && (isThrowingClaim(file, step, repositories) || throwsOnRepeat(file, step, repositories))) return true;
    }
  }
  return false;
}

/**
 * A database create in a transaction with a create a repeat fails on (a Prisma create keyed by a unique from
 * stable values): in `$transaction([...])` beside it, or a statement of the `$transaction(async (tx) => ...)`
 * callback. The repeat's transaction rolls back, this row with it.
 */
function inTransactionWithUniqueCreate(file: FileContext, create: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  let element: TSESTree.Node = create;
  while (element.parent && (element.parent.type === AST_NODE_TYPES.AwaitExpression || element.parent.type === AST_NODE_TYPES.TSAsExpression)) element = element.parent;
  const batch = element.parent;
  if (batch?.type === AST_NODE_TYPES.ArrayExpression && batch.parent?.type === AST_NODE_TYPES.CallExpression && batch.parent.arguments[0] === batch && calleeNameOf(batch.parent) === '$transaction') {
    return batch.elements.some((sibling) => sibling !== element && sibling?.type === AST_NODE_TYPES.CallExpression && throwsOnRepeat(file, sibling, repositories));
  }
  const scope = transactionAround(file, create)?.scope;
  if (!scope || !isFunction(scope) || scope.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  return scope.body.body.some((statement) => {
    const step = awaitedCall(statement);
    return step !== undefined && step !== create && throwsOnRepeat(file, step, repositories);
  });
}

/** A Prisma create whose data sets a unique key from stable values: a repeat throws. */
function throwsOnRepeat(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.effect === 'create' && uniqueKeyingOf(file, call, database.library.id, database.model) === 'data';
}

/** The call a statement awaits: `await x(...)`, `const y = await x(...)`. */
function awaitedCall(statement: TSESTree.Statement): TSESTree.CallExpression | undefined {
  const expression =
    statement.type === AST_NODE_TYPES.ExpressionStatement
      ? statement.expression
      : statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1
        ? statement.declarations[0]!.init
        : null;
  const awaited = expression && skipTransparent(expression);
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  const call = skipTransparent(awaited.argument);
  return call.type === AST_NODE_TYPES.CallExpression ? call : undefined;
}

/**
 * Code that cannot run in production: after `if (process.env.NODE_ENV === 'production') throw ...` (or
 * `return`), or inside `if (process.env.NODE_ENV !== 'production')`. A development convenience (seeding test
 * data) that no production client retries.
 */
function refusedInProduction(effect: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = effect, parent: TSESTree.Node | undefined = effect.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== current && holdsInProduction(parent.test) === (parent.alternate === current)) return true;
    if (parent.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of parent.body) {
      if (statement.range[0] >= current.range[0]) break;
      if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysExitsStatement(statement.consequent) && holdsInProduction(statement.test) === true) return true;
    }
  }
  return false;
}

/** Whether a test of the environment (`process.env.NODE_ENV === 'production'`, `!==`) holds in production; undefined for any other test. */
function holdsInProduction(test: TSESTree.Node): boolean | undefined {
  const expression = skipTransparent(test);
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || !['===', '==', '!==', '!='].includes(expression.operator)) return undefined;
  const isVariable = (node: TSESTree.Node): boolean => memberPath(node)?.join('.') === PRODUCTION_ENVIRONMENT.variable.join('.');
  const value = isVariable(expression.left) ? expression.right : expression.left.type !== AST_NODE_TYPES.PrivateIdentifier && isVariable(expression.right) ? expression.left : undefined;
  if (value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'string') return undefined;
  return (value.value === PRODUCTION_ENVIRONMENT.value) === (expression.operator === '===' || expression.operator === '==');
}

/** The identifiers a test finds not positive: `!count`, `count === 0`, `count < 1`, `count <= 0`, `count !== 1`, through `||`. */
function nonPositiveOperands(test: TSESTree.Node): TSESTree.Identifier[] {
  const expression = skipTransparent(test);
  if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === '||') return [...nonPositiveOperands(expression.left), ...nonPositiveOperands(expression.right)];
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!' && expression.argument.type === AST_NODE_TYPES.Identifier) return [expression.argument];
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || expression.right.type !== AST_NODE_TYPES.Literal || expression.left.type !== AST_NODE_TYPES.Identifier) return [];
  const bound = expression.right.value;
  const zero =
    ((expression.operator === '===' || expression.operator === '==') && bound === 0) ||
    (expression.operator === '<' && bound === 1) ||
    (expression.operator === '<=' && bound === 0) ||
    ((expression.operator === '!==' || expression.operator === '!=') && bound === 1);
  return zero ? [expression.left] : [];
}

/** The identifiers a test requires to be positive: `count`, `count > 0`, `count >= 1`, `count !== 0`, through `&&`. */
function positiveOperands(test: TSESTree.Node): TSESTree.Identifier[] {
  const expression = skipTransparent(test);
  if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === '&&') return [...positiveOperands(expression.left), ...positiveOperands(expression.right)];
  if (expression.type === AST_NODE_TYPES.Identifier) return [expression];
  if (expression.type !== AST_NODE_TYPES.BinaryExpression || expression.right.type !== AST_NODE_TYPES.Literal || expression.left.type !== AST_NODE_TYPES.Identifier) return [];
  const bound = expression.right.value;
  const positive =
    (expression.operator === '>' && bound === 0) ||
    (expression.operator === '>=' && bound === 1) ||
    ((expression.operator === '!==' || expression.operator === '!=') && bound === 0);
  return positive ? [expression.left] : [];
}

/** `count` of `const { count } = await <claim>`, or of `const count = await helper()` returning only claim counts. */
function isClaimCount(file: FileContext, identifier: TSESTree.Identifier, depth: number, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || !definition.node.init || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  let init = skipTransparent(definition.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTransparent(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression) return false;
  const pattern = definition.node.id;
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    return definition.name.name === identifier.name && pattern.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'count' && property.value === definition.name) && isClaim(file, init, repositories);
  }
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  const callee = calleeOf(file, init);
  const helper = callee?.kind === 'local' ? { file, function: callee.function } : callee ? undefined : importedFunctionOf(file, init);
  return helper !== undefined && depth < 2 && returnsOnlyClaimCounts(helper.file, helper.function, depth + 1, repositories);
}

function returnsOnlyClaimCounts(file: FileContext, fn: FunctionNode, depth: number, repositories: readonly TypeOrValueSpecifier[]): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const returns = findNodes(file, fn.body, AST_NODE_TYPES.ReturnStatement).filter((statement) => enclosingFunctionNode(statement) === fn);
  let claims = 0;
  for (const statement of returns) {
    const value = statement.argument && skipTransparent(statement.argument);
    if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') continue;
    if (value?.type !== AST_NODE_TYPES.Identifier || !isClaimCount(file, value, depth, repositories)) return false;
    claims++;
  }
  return claims > 0;
}

/** A Prisma `updateMany` whose `where` tests a field its `data` sets: a state transition only one caller wins. */
function isClaim(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.method === 'updateMany' && changesWhatItTests(database);
}

/**
 * A Prisma `update` whose `where` tests a field its `data` sets (`where: { id, status: 'pending' }, data: {
 * status: 'rejected' }`): the second of two concurrent callers matches no row, and Prisma throws (`P2025`).
 */
function isThrowingClaim(file: FileContext, call: TSESTree.CallExpression, repositories: readonly TypeOrValueSpecifier[]): boolean {
  const database = databaseCallOf(file, call, repositories);
  return database?.library.id === 'prisma' && database.method === 'update' && changesWhatItTests(database);
}

function changesWhatItTests(database: DatabaseCall): boolean {
  const filter = database.filter && skipTransparent(database.filter);
  const data = database.data && skipTransparent(database.data);
  if (filter?.type !== AST_NODE_TYPES.ObjectExpression || data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const keys = (object: TSESTree.ObjectExpression): string[] =>
    object.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && !property.computed ? [propertyKey(property) ?? ''] : []));
  const written = new Set(keys(data));
  return keys(filter).some((key) => key !== '' && key !== 'id' && written.has(key));
}

/**
 * `data: { idempotencyKey: nanoid() }`: a column of a row written to the database (Prisma's `{ where, data }`),
 * or of an object a function returns (see `isReturned`),
 * not a key sent with a request. A key made once and stored with its row is read back on a retry (a job that
 * charges with `row.idempotencyKey`); a fresh value there retires an old key or fills a unique column.
 */
function isRowColumn(property: TSESTree.Property): boolean {
  const holder = property.parent.parent;
  if (holder?.type === AST_NODE_TYPES.Property && !holder.computed && holder.value === property.parent && propertyKey(holder) === 'data') return true;
  return property.parent.type === AST_NODE_TYPES.ObjectExpression && isReturned(property.parent);
}

/**
 * An object a function returns (`return { ...ids, idempotencyKey: nanoid(24) }`, an arrow's body): a row or
 * params its callers use, not visibly sent with a request here (trigger.dev's run-associated waitpoint fills
 * a unique column with a random value).
 */
function isReturned(object: TSESTree.ObjectExpression): boolean {
  let current: TSESTree.Node = object;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) current = current.parent;
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.ReturnStatement || (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current);
}

/** `waitUntil(...)` (Vercel) or `after(...)` (Next.js) runs `call` after the response, best-effort. */
function runsAfterResponse(file: FileContext, call: TSESTree.CallExpression): boolean {
  for (let current: TSESTree.Node = call, parent: TSESTree.Node | undefined = call.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== current && isOneOf(moduleExportOf(file, parent.callee), AFTER_RESPONSE_CALLS)) return true;
  }
  return false;
}

/**
 * A record the helper `fn` writes best-effort: `create` sits in a `try` whose `catch` neither rethrows nor
 * returns (its failure is only logged), and `fn` returns nothing (no caller reads the row). An activity-log
 * or audit row; written after the response, a repeated request adds one more log line and changes nothing
 * the application decides on.
 */
function isBestEffortRecord(file: FileContext, fn: FunctionNode, create: TSESTree.CallExpression): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const own = <T extends TSESTree.Node>(nodes: T[]): T[] => nodes.filter((node) => enclosingFunctionNode(node) === fn);
  if (own(findNodes(file, fn.body, AST_NODE_TYPES.ReturnStatement)).some((statement) => statement.argument !== null)) return false;
  for (let current: TSESTree.Node = create, parent: TSESTree.Node | undefined = create.parent; parent && parent !== fn; current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.TryStatement || parent.block !== current) continue;
    const handler = parent.handler;
    return (
      handler !== null &&
      own(findNodes(file, handler.body, AST_NODE_TYPES.ThrowStatement)).length === 0 &&
      own(findNodes(file, handler.body, AST_NODE_TYPES.ReturnStatement)).length === 0
    );
  }
  return false;
}

/**
 * A Prisma create whose `data` sets every field of a unique key of its model (by the application's
 * `schema.prisma`, `@unique` or `@@unique`, never the `@id`) from stable values: the request's input, literals,
 * rows read from the database, and package functions of them (`slugify(title)`), but nothing fresh (`nanoid()`, `Date.now()`) and no call of
 * the application's own functions (which may add a random suffix). A repeat fails on the constraint instead of
 * creating a second row: the effect is idempotent itself (a sign-up keyed by its e-mail, an article by its slug).
 */
function keyedByUnique(file: FileContext, call: TSESTree.CallExpression, library: string, model: string | undefined): boolean {
  return uniqueKeyingOf(file, call, library, model) !== undefined;
}

/**
 * How a unique key keeps a create from making a second row: its data sets the key (`data`: a repeat throws),
 * its `catch` answers the violation (`caught`), or it skips rows whose key exists (`skipped`). Only Prisma's
 * schema is read; for another library, a `catch` that tells the violation apart is the application's word that
 * the key exists.
 */
function uniqueKeyingOf(file: FileContext, call: TSESTree.CallExpression, library: string, model: string | undefined): 'data' | 'recorded' | 'caught' | 'skipped' | undefined {
  if (library !== 'prisma') return handlesUniqueViolation(file, call) ? 'caught' : undefined;
  if (model === undefined) return undefined;
  const params = call.arguments[0] && skipTransparent(call.arguments[0]);
  if (skipsDuplicates(call, params)) return naturalKeysOf(file.filename, model).length > 0 ? 'skipped' : undefined;
  if (handlesUniqueViolation(file, call)) {
    return naturalKeysOf(file.filename, model).length > 0 && !setsFreshKeyField(file, params, naturalKeysOf(file.filename, model)) ? 'caught' : undefined;
  }
  const dataProperty = params?.type === AST_NODE_TYPES.ObjectExpression ? params.properties.find((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'data') : undefined;
  let data = dataProperty?.type === AST_NODE_TYPES.Property ? skipTransparent(dataProperty.value) : undefined;
  // `const prismaData = { name, email }` then `create({ data: prismaData })`: the one object it holds.
  if (data?.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(data), data);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const written = variable?.references.some((reference) => reference.isWrite() && !reference.init) ?? true;
    data = definition?.type === 'Variable' && definition.parent.kind === 'const' && !written && definition.node.init ? skipTransparent(definition.node.init) : undefined;
  }
  // `createMany({ data: items.map((item, i) => ({ ... })) })`: the row each element makes.
  if (data?.type === AST_NODE_TYPES.CallExpression && calleeNameOf(data) === 'map') data = mappedObject(data.arguments[0]);
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const values = new Map<string, TSESTree.Node>();
  for (const property of data.properties) {
    const key = property.type === AST_NODE_TYPES.Property && !property.computed ? propertyKey(property) : undefined;
    if (key !== undefined) values.set(key, (property as TSESTree.Property).value);
  }
  const keys = naturalKeysOf(file.filename, model);
  if (keys.some((key) => key.length > 0 && key.every((field) => values.has(field) && isStableValue(file, values.get(field)!, 0)))) return 'data';
  const recorded = keys.some(
    (key) => key.length > 0 && key.every((field) => values.has(field) && (isStableValue(file, values.get(field)!, 0) || isCallResult(file, values.get(field)!))) && key.some((field) => isCallResult(file, values.get(field)!)),
  );
  return recorded ? 'recorded' : undefined;
}

/** The object an element callback of `map` returns: `(item) => ({ ... })`, or `{ return { ... }; }`. */
function mappedObject(callback: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  if (callback.body.type !== AST_NODE_TYPES.BlockStatement) return skipTransparent(callback.body);
  const last = callback.body.body[callback.body.body.length - 1];
  return last?.type === AST_NODE_TYPES.ReturnStatement && last.argument ? skipTransparent(last.argument) : undefined;
}

/**
 * A part of what an earlier call (not a database read) returned: `customer.id`, `data.data[i].id` of `const {
 * data } = await sendBatchEmail(...)`. A unique key set from it records the object that call made (a sent
 * e-mail's id): the row repeats only when the call does, and the call is the effect to key, not the record.
 */
function isCallResult(file: FileContext, value: TSESTree.Node): boolean {
  let root = skipTransparent(value);
  if (root.type !== AST_NODE_TYPES.MemberExpression) return false;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTransparent(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(root), root);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return false;
  let init = skipTransparent(definition.node.init);
  if (init.type !== AST_NODE_TYPES.AwaitExpression) return false;
  init = skipTransparent(init.argument);
  return init.type === AST_NODE_TYPES.CallExpression && !isRowRead(file, init) && databaseCallOf(file, init, []) === undefined;
}

/**
 * The create sits in a `try` whose `catch` tests a unique violation, outside any loop: the application expects
 * a repeat to hit a unique key, and answers it (a clean "already exists" error, or the existing row: a
 * get-or-create). Its data may come through a spread or a helper's parameter, which the rule cannot read field
 * by field; a loop around it would try again with another value.
 */
function handlesUniqueViolation(file: FileContext, call: TSESTree.CallExpression): boolean {
  for (let current: TSESTree.Node = call, parent: TSESTree.Node | undefined = call.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.TryStatement || parent.block !== current) continue;
    if (!parent.handler || !catchTestsUniqueViolation(file, parent.handler)) continue;
    for (let outer: TSESTree.Node | undefined = parent.parent; outer && !isFunction(outer); outer = outer.parent) {
      if (isLoop(outer)) return false;
    }
    return true;
  }
  return false;
}

/** The error codes and names drivers give a unique violation (Prisma, PostgreSQL, MySQL, MongoDB, SQLite, Sequelize). */
const UNIQUE_VIOLATION_CODES: ReadonlySet<unknown> = new Set(['P2002', '23505', 'ER_DUP_ENTRY', 'E11000', 11000, 'SQLITE_CONSTRAINT_UNIQUE', 'SequelizeUniqueConstraintError']);

/**
 * A `catch` that tells a unique violation apart: a violation code anywhere in it (`error.code === 'P2002'`);
 * a constraint named in a test (`error.message.includes('unique_org_tag_name')`, `'duplicate key'`); or a
 * predicate called in a test whose body compares with a violation code (`isUniqueConstraintError(error)`, in
 * this file or, without types, in a module of the application), through constants and enum members.
 */
function catchTestsUniqueViolation(file: FileContext, handler: TSESTree.CatchClause): boolean {
  if (findNodes(file, handler.body, AST_NODE_TYPES.Literal).some((literal) => UNIQUE_VIOLATION_CODES.has(literal.value))) return true;
  const tests = [
    ...findNodes(file, handler.body, AST_NODE_TYPES.IfStatement).map((statement) => statement.test),
    ...findNodes(file, handler.body, AST_NODE_TYPES.ConditionalExpression).map((expression) => expression.test),
  ];
  return tests.some(
    (test) =>
      findNodes(file, test, AST_NODE_TYPES.Literal).some((literal) => typeof literal.value === 'string' && /unique|duplicate/iu.test(literal.value)) ||
      findNodes(file, test, AST_NODE_TYPES.CallExpression).some((call) => isUniqueViolationPredicate(file, call, 0)),
  );
}

/** A call of a function whose body compares with a unique violation code, directly or through another such call. */
function isUniqueViolationPredicate(file: FileContext, call: TSESTree.CallExpression, depth: number): boolean {
  if (depth > 1) return false;
  const callee = calleeOf(file, call);
  if (callee?.kind === 'remote') return file.types !== undefined && comparesWithUniqueCode(file.types, callee.declaration.body);
  const helper = callee?.kind === 'local' ? { file, function: callee.function } : callee ? undefined : importedFunctionOf(file, call);
  if (!helper) return false;
  const body = helper.function.body;
  const values = [
    ...findNodes(helper.file, body, AST_NODE_TYPES.BinaryExpression).flatMap((binary) => (['===', '=='].includes(binary.operator) ? [binary.left, binary.right] : [])),
    ...findNodes(helper.file, body, AST_NODE_TYPES.CallExpression).flatMap((inner) => inner.arguments),
  ];
  return (
    values.some((value) => value.type !== AST_NODE_TYPES.PrivateIdentifier && UNIQUE_VIOLATION_CODES.has(constantValue(helper.file, value, 0))) ||
    findNodes(helper.file, body, AST_NODE_TYPES.CallExpression).some((inner) => isUniqueViolationPredicate(helper.file, inner, depth + 1))
  );
}

/** With types, in another file: a comparison or a call argument whose type is a violation code's literal (enum members too). */
function comparesWithUniqueCode(types: NonNullable<FileContext['types']>, body: ts.Node): boolean {
  let found = false;
  const isCode = (node: ts.Node): boolean => {
    const type = types.checker.getTypeAtLocation(node);
    return (type.isStringLiteral() || type.isNumberLiteral()) && UNIQUE_VIOLATION_CODES.has(type.value);
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(node.operatorToken.kind)) {
      found = isCode(node.left) || isCode(node.right);
    } else if (ts.isCallExpression(node)) {
      found = node.arguments.some(isCode);
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * The literal a value stands for: a literal, a `const` of the module initialised with one, or a member of an
 * enum declared in the module or exported by a module of the application (`PrismaErrorType.UniqueConstraintViolation`).
 */
function constantValue(file: FileContext, node: TSESTree.Node, depth: number): unknown {
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.Literal) return expression.value;
  if (depth > 2) return undefined;
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
    return constantValue(file, definition.node.init, depth + 1);
  }
  if (expression.type !== AST_NODE_TYPES.MemberExpression || expression.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const member = propertyName(expression);
  const enumName = expression.object;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(enumName), enumName);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  let declaration: TSESTree.TSEnumDeclaration | undefined;
  if (definition?.node.type === AST_NODE_TYPES.TSEnumDeclaration) declaration = definition.node;
  else if (definition?.type === 'ImportBinding' && definition.parent.type === AST_NODE_TYPES.ImportDeclaration && definition.node.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = definition.node.imported;
    const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
    let target: string | undefined;
    try {
      target = resolveProjectModule(file, file.filename, definition.parent.source.value);
    } catch {
      target = undefined; // Without TypeScript (optional) nothing resolves.
    }
    const module = target ? moduleContext(target) : undefined;
    declaration = module?.program.body.flatMap((statement) =>
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.TSEnumDeclaration && statement.declaration.id.name === name ? [statement.declaration] : [],
    )[0];
  }
  const found = declaration && enumMembers(declaration).find((candidate) => candidate.id.type === AST_NODE_TYPES.Identifier && candidate.id.name === member);
  return found?.initializer?.type === AST_NODE_TYPES.Literal ? found.initializer.value : undefined;
}

function enumMembers(declaration: TSESTree.TSEnumDeclaration): readonly TSESTree.TSEnumMember[] {
  // typescript-eslint 8 moved the members into `body`.
  const withBody = declaration as { body?: { members: TSESTree.TSEnumMember[] }; members?: TSESTree.TSEnumMember[] };
  return withBody.body?.members ?? withBody.members ?? [];
}

/** A field of a unique key written in the data with a fresh value (`slug: nanoid()`): a repeat does not collide. */
function setsFreshKeyField(file: FileContext, params: TSESTree.Node | undefined, keys: readonly (readonly string[])[]): boolean {
  const dataProperty = params?.type === AST_NODE_TYPES.ObjectExpression ? params.properties.find((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'data') : undefined;
  const data = dataProperty?.type === AST_NODE_TYPES.Property ? skipTransparent(dataProperty.value) : undefined;
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const fields = new Set(keys.flat());
  return data.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property && fields.has(propertyKey(property) ?? '') && freshSource(file, property.value, 0) !== undefined,
  );
}

/**
 * `createMany({ data, skipDuplicates: true })`: rows whose unique key already exists are skipped, so on a model
 * with a natural unique key a repeat of the same rows inserts nothing (the rows themselves, often built in a
 * loop, are not read: a key made fresh on each attempt would defeat it).
 */
function skipsDuplicates(call: TSESTree.CallExpression, params: TSESTree.Node | undefined): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'createMany' || params?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return params.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      propertyKey(property) === 'skipDuplicates' &&
      property.value.type === AST_NODE_TYPES.Literal &&
      property.value.value === true,
  );
}

/** Built from the input, literals, rows read and package functions only: the same on every attempt of one request. */
function isStableValue(file: FileContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > 3 || freshSource(file, node, 0)) return false;
  for (const call of [...findNodes(file, node, AST_NODE_TYPES.CallExpression), ...findNodes(file, node, AST_NODE_TYPES.NewExpression)]) {
    if (call.type === AST_NODE_TYPES.CallExpression && isPureConversion(file, call)) continue;
    // A row read from the database (`const org = await prisma.organization.findFirst(...)`): the same on a retry.
    if (call.type === AST_NODE_TYPES.CallExpression && isRowRead(file, call)) continue;
    const source = moduleExportOf(file, call.callee);
    // `new Date()`, an unknown call, or one of the application's modules (`./ids`, `@/lib/ids`, `~/utils`).
    if (call.type === AST_NODE_TYPES.NewExpression || !source || isApplicationModule(file, source.module)) return false;
  }
  for (const identifier of findNodes(file, node, AST_NODE_TYPES.Identifier)) {
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) continue;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.computed && !parent.shorthand) continue;
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    // A local computed before the create: read through its one value (`const slug = \`${slugify(title)}-${id}\``).
    if (definition?.type === 'Variable' && definition.node.id === definition.name && definition.node.init) {
      const writes = variable!.references.filter((reference) => reference.isWrite() && !reference.init);
      if (writes.length > 0 || !isStableValue(file, definition.node.init, depth + 1)) return false;
    }
  }
  return true;
}

/**
 * One of the application's modules (`./ids`, `@/lib/ids`, `~/utils`), or a package of its workspace
 * (`@openpanel/db`, resolved to a file of the project): its functions may add a random suffix.
 */
function isApplicationModule(file: FileContext, module: string): boolean {
  if (/^[./~#]|^@\//u.test(module)) return true;
  try {
    return resolveProjectModule(file, file.filename, module) !== undefined;
  } catch {
    return false; // Without TypeScript (optional) nothing resolves.
  }
}

/**
 * A database read: by the catalogue, or by Prisma's API shape (`client.model.findFirst({ where })`), which is
 * enough here since it only lets a value read from a row count as the same on a retry.
 */
function isRowRead(file: FileContext, call: TSESTree.CallExpression): boolean {
  const effect = databaseCallOf(file, call, [])?.effect;
  if (effect === 'read' || effect === 'check') return true;
  const callee = skipTransparent(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  const args = call.arguments[0] && skipTransparent(call.arguments[0]);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    skipTransparent(callee.object).type === AST_NODE_TYPES.MemberExpression &&
    ['findFirst', 'findUnique', 'findFirstOrThrow', 'findUniqueOrThrow'].includes(method ?? '') &&
    args?.type === AST_NODE_TYPES.ObjectExpression &&
    args.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'where')
  );
}

/** `String(x)`, `Number(x)`, `x.trim()`, `x.toLowerCase()`: the same output for the same input. */
function isPureConversion(file: FileContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return ['String', 'Number'].includes(callee.name) && !ASTUtils.findVariable(file.sourceCode.getScope(callee), callee)?.defs.length;
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return method !== undefined && ['trim', 'toLowerCase', 'toUpperCase', 'normalize', 'toString'].includes(method);
}

/** A session, token or code model (`refresh_tokens`, `UserSession`): a new row on every call by design. */
const isFreshModel = (target: string): boolean =>
  nameWords(target).some((word) => (FRESH_BY_DESIGN.modelWords as readonly string[]).includes(word.replace(/s$/u, '')));

/** A payout, refund, transfer, capture, or a create confirmed at once (`paymentIntents.create({ confirm: true })`). */
function movesMoney(payment: PaymentCall): boolean {
  if (payment.library.moneyMovements.includes(payment.label)) return true;
  if (!payment.library.confirmingCreates.includes(payment.label)) return false;
  const params = payment.node.arguments[0] && skipTransparent(payment.node.arguments[0]);
  return (
    params?.type === AST_NODE_TYPES.ObjectExpression &&
    params.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'confirm' && property.value.type === AST_NODE_TYPES.Literal && property.value.value === true,
    )
  );
}

/**
 * Code a script runs once: at the module's top level, or in a function of the file that the top level calls
 * (`main()`, `main().catch(...)`, `await main()`), which nothing else calls. No runner retries it.
 */
function runsOnceAtStart(file: FileContext, call: TSESTree.CallExpression): boolean {
  let outermost: FunctionNode | undefined;
  for (let current: TSESTree.Node | undefined = call.parent; current; current = current.parent) if (isFunction(current)) outermost = current;
  if (!outermost) return true;
  const name =
    outermost.type === AST_NODE_TYPES.FunctionDeclaration
      ? outermost.id
      : outermost.parent?.type === AST_NODE_TYPES.VariableDeclarator && outermost.parent.id.type === AST_NODE_TYPES.Identifier
        ? outermost.parent.id
        : undefined;
  if (!name || outermost.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || outermost.parent?.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(outermost.parent ?? outermost), name);
  const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
  return (
    reads.length > 0 &&
    reads.every((reference) => {
      const used = reference.identifier.parent;
      return used?.type === AST_NODE_TYPES.CallExpression && used.callee === reference.identifier && enclosingFunctionNode(used) === undefined;
    })
  );
}

function isKeyed(payment: PaymentCall): boolean {
  const options = payment.options && skipTransparent(payment.options);
  if (!options) return false;
  // A variable or call: the rule cannot read it, and assumes the key is there.
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return options.type !== AST_NODE_TYPES.Identifier || options.name !== 'undefined';
  return options.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.SpreadElement ||
      (property.type === AST_NODE_TYPES.Property && (property.computed || propertyKey(property) === payment.library.idempotencyOption)),
  );
}

const propertyKey = (property: TSESTree.Property): string | undefined =>
  property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;

/** The call (as written) that makes `node` new on every run, followed through `const` variables. */
function freshSource(file: FileContext, node: TSESTree.Node, depth: number): string | undefined {
  if (depth > 3) return undefined;
  const expression = skipTransparent(node);
  switch (expression.type) {
    case AST_NODE_TYPES.CallExpression: {
      if (isFreshCall(file, expression)) return file.sourceCode.getText(expression);
      const callee = skipTransparent(expression.callee);
      // `String(Date.now())`, `Date.now().toString()`, `randomUUID().slice(0, 8)`.
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const inner = freshSource(file, callee.object, depth + 1);
        if (inner) return inner;
      }
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String') {
        return expression.arguments[0] ? freshSource(file, expression.arguments[0], depth + 1) : undefined;
      }
      return undefined;
    }
    case AST_NODE_TYPES.NewExpression:
      return expression.callee.type === AST_NODE_TYPES.Identifier && expression.callee.name === 'Date' && expression.arguments.length === 0
        ? file.sourceCode.getText(expression)
        : undefined;
    case AST_NODE_TYPES.MemberExpression:
      return expression.object.type === AST_NODE_TYPES.NewExpression ? freshSource(file, expression.object, depth + 1) : undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      for (const part of expression.expressions) {
        const fresh = freshSource(file, part, depth + 1);
        if (fresh) return fresh;
      }
      return undefined;
    case AST_NODE_TYPES.BinaryExpression:
      return (
        (expression.left.type !== AST_NODE_TYPES.PrivateIdentifier ? freshSource(file, expression.left, depth + 1) : undefined) ??
        freshSource(file, expression.right, depth + 1)
      );
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(expression), expression);
      const definition = variable?.defs[0];
      if (definition?.type !== 'Variable' || variable!.defs.length !== 1 || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
      return freshSource(file, definition.node.init, depth + 1);
    }
    default:
      return undefined;
  }
}

function isFreshCall(file: FileContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  const path = memberPath(callee);
  if (path && FRESH_VALUE_CALLS.globals.some((global) => global.join('.') === path.join('.'))) {
    const root = path[0]!;
    const variable = callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(callee) : undefined;
    const shadowed = variable ? ASTUtils.findVariable(file.sourceCode.getScope(variable), variable)?.defs.length : 0;
    if (!shadowed || root === 'crypto') return true;
  }
  return isOneOf(moduleExportOf(file, callee), FRESH_VALUE_CALLS.exports);
}

function memberPath(node: TSESTree.Node): string[] | undefined {
  const expression = skipTransparent(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return [expression.name];
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(expression);
    const object = memberPath(expression.object);
    return name !== undefined && object ? [...object, name] : undefined;
  }
  return undefined;
}

function rootIdentifier(member: TSESTree.MemberExpression): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = member;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTransparent(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/** `const event = stripe.webhooks.constructEvent(...)` or `event = await ...`: the variable holding the event. */
function eventVariable(verification: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = verification;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression)) {
    current = current.parent;
  }
  const parent = current.parent;
  const target =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current
      ? parent.id
      : parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current
        ? parent.left
        : undefined;
  return target?.type === AST_NODE_TYPES.Identifier ? target : undefined;
}

/** Reads of `event.id`, and of variables holding it (`const { id } = event`, `const eventId = event.id`). */
function eventIdValues(file: FileContext, event: TSESTree.Identifier, idProperty: string): TSESTree.Node[] {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(event), event);
  const values: TSESTree.Node[] = [];
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const use = reference.identifier;
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use && propertyName(parent) === idProperty) {
      values.push(parent);
      const holder = parent.parent;
      if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) values.push(...readsOf(file, holder.id));
    }
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === use && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of parent.id.properties) {
        if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === idProperty && property.value.type === AST_NODE_TYPES.Identifier) {
          values.push(...readsOf(file, property.value));
        }
      }
    }
  }
  return values;
}

/** The request itself, or where its headers are (`req`, `req.headers`, `c.req`, `ctx.request`), as an argument. */
function passesRequest(file: FileContext, argument: TSESTree.Node, request: TSESTree.Identifier): boolean {
  const expression = skipTransparent(argument);
  if (isReadOf(file, expression, request)) return true;
  return (
    expression.type === AST_NODE_TYPES.MemberExpression &&
    ['headers', 'header', 'req', 'request'].includes(propertyName(expression) ?? '') &&
    isReadOf(file, expression.object, request)
  );
}

/** `node` is (a transparent wrapper of) a read of the variable declared by `declared`. */
function isReadOf(file: FileContext, node: TSESTree.Node, declared: TSESTree.Identifier): boolean {
  const expression = skipTransparent(node);
  if (expression.type !== AST_NODE_TYPES.Identifier || expression.name !== declared.name) return false;
  return ASTUtils.findVariable(file.sourceCode.getScope(expression), expression) === ASTUtils.findVariable(file.sourceCode.getScope(declared), declared);
}

function readsOf(file: FileContext, identifier: TSESTree.Identifier): TSESTree.Node[] {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  return (variable?.references ?? []).filter((reference) => reference.isRead()).map((reference) => reference.identifier);
}

/** The statement after which the event is known: the declaration, or the `try` that assigns it. */
function statementAfterWhichEventIsSet(verification: TSESTree.CallExpression): TSESTree.Node | undefined {
  let statement: TSESTree.Node = verification;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (isFunction(statement.parent)) return undefined;
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.parent?.type === AST_NODE_TYPES.TryStatement && block.parent.block === block) return block.parent;
  return statement;
}

function firstStatementIn(file: FileContext, fn: FunctionNode, region: readonly [number, number]): TSESTree.Statement | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  // The region is the body, a branch's block, or the rest of the body after an early return.
  const block =
    findNodes(file, fn.body, AST_NODE_TYPES.BlockStatement).find((candidate) => candidate.range[0] === region[0] && candidate.range[1] === region[1]) ??
    fn.body;
  return block.body.find((statement) => statement.range[0] >= region[0]);
}

function hasVariable(file: FileContext, fn: FunctionNode, name: string): boolean {
  return findNodes(file, fn, AST_NODE_TYPES.Identifier).some((identifier) => identifier.name === name);
}

/** A variable declared before `at` and visible there under the same name. */
function declaredBeforeAndVisible(file: FileContext, value: TSESTree.Identifier, at: TSESTree.Node): boolean {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(value), value);
  const declared = variable?.identifiers[0];
  return (
    variable !== null &&
    declared !== undefined &&
    declared.range[1] <= at.range[0] &&
    ASTUtils.findVariable(file.sourceCode.getScope(at), value.name) === variable
  );
}

function handlerCode(framework: HttpFramework): HandlerCode | undefined {
  return 'code' in framework ? framework.code : undefined;
}

function fill(template: string, fn: FunctionNode, header: string): string {
  const name = (index: number): string => {
    const param = fn.params[index];
    return param?.type === AST_NODE_TYPES.Identifier ? param.name : index === 0 ? 'req' : 'res';
  };
  const spelled = header.replace(/(^|-)([a-z])/gu, (_, dash: string, letter: string) => dash + letter.toUpperCase());
  return template
    .replaceAll('{{param}}', name(0))
    .replaceAll('{{second}}', name(1))
    .replaceAll('{{header}}', header)
    .replaceAll('{{Header}}', spelled);
}

const isTypeScript = (filename: string): boolean => /\.[cm]?tsx?$/u.test(filename);

/** `freshModel` and the route: endpoints whose effect is new each time by design (sign-in, reset emails). */
function freshByDesign(handler: RouteHandler): boolean {
  const names = [handler.path, handler.function.type !== AST_NODE_TYPES.ArrowFunctionExpression ? handler.function.id?.name : undefined, ownName(handler.function)];
  return names.some((name) => {
    if (name === undefined) return false;
    const words = nameWords(name);
    return FRESH_BY_DESIGN.routeWords.some((phrase) => words.some((_, start) => phrase.every((word, offset) => words[start + offset] === word)));
  });
}

function ownName(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  if (parent?.type === AST_NODE_TYPES.Property && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  return undefined;
}

/** Reads of a key the client sends in the body or input: `input.idempotencyKey`, `{ idempotencyKey } = body`. */
function bodyKeyValues(file: FileContext, fn: FunctionNode): TSESTree.Node[] {
  if (!BODY_IDEMPOTENCY_KEYS.some((key) => file.sourceCode.getText(fn).includes(key))) return [];
  const values: TSESTree.Node[] = [];
  for (const member of findNodes(file, fn, AST_NODE_TYPES.MemberExpression)) {
    if (BODY_IDEMPOTENCY_KEYS.includes(propertyName(member) ?? '')) values.push(member);
  }
  for (const pattern of findNodes(file, fn, AST_NODE_TYPES.ObjectPattern)) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || !BODY_IDEMPOTENCY_KEYS.includes(propertyKey(property) ?? '')) continue;
      const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (target.type === AST_NODE_TYPES.Identifier) values.push(...readsOf(file, target));
    }
  }
  return values;
}

function calleeNameOf(call: TSESTree.CallExpression): string | undefined {
  const callee = skipTransparent(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
}

/**
 * `owner.field` tested as unset: `!owner.field`, `owner.field == null`, `owner.field === undefined`; also through
 * a local copy made before the test (`let id = owner.field; if (!id)`), which holds the field until reassigned.
 */
function unsetField(file: FileContext, test: TSESTree.Node, negated: boolean): TSESTree.MemberExpression | undefined {
  const expression = skipTransparent(test);
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') return unsetField(file, expression.argument, !negated);
  if (expression.type === AST_NODE_TYPES.MemberExpression) return negated ? expression : undefined;
  if (expression.type === AST_NODE_TYPES.Identifier) return negated ? fieldCopiedInto(file, expression) : undefined;
  if (expression.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(expression.operator)) {
    const nullish = (node: TSESTree.Node): boolean =>
      (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
    const member = nullish(expression.right) ? expression.left : nullish(expression.left) ? expression.right : undefined;
    const equal = expression.operator === '==' || expression.operator === '===';
    const field = member && skipTransparent(member);
    if (field?.type === AST_NODE_TYPES.Identifier) return equal !== negated ? fieldCopiedInto(file, field) : undefined;
    return field?.type === AST_NODE_TYPES.MemberExpression && equal !== negated ? field : undefined;
  }
  return undefined;
}

/** The `owner.field` a local variable was declared with, when nothing writes the variable before `use`. */
function fieldCopiedInto(file: FileContext, use: TSESTree.Identifier): TSESTree.MemberExpression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(use), use);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier || !definition.node.init) return undefined;
  const init = skipTransparent(definition.node.init);
  if (init.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const writtenBefore = variable!.references.some((reference) => reference.isWrite() && !reference.init && reference.identifier.range[0] < use.range[0]);
  return writtenBefore ? undefined : init;
}

/**
 * The `owner.field` whose absence leads to `call`: an `if` around it testing the field unset, or an earlier
 * `if (owner.field) return ...` in an enclosing block.
 */
function unsetFieldGuarding(file: FileContext, call: TSESTree.CallExpression): { owner: TSESTree.Node; field: string } | undefined {
  const asField = (member: TSESTree.MemberExpression | undefined): { owner: TSESTree.Node; field: string } | undefined => {
    const field = member && propertyName(member);
    return member && field !== undefined && field !== 'length' ? { owner: skipTransparent(member.object), field } : undefined;
  };
  for (let current: TSESTree.Node = call, parent: TSESTree.Node | undefined = call.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== current) {
      const found = asField(unsetField(file, parent.test, parent.alternate === current));
      if (found) return found;
    }
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of parent.body) {
        if (statement.range[0] >= current.range[0]) break;
        if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate || !alwaysExitsStatement(statement.consequent)) continue;
        const found = asField(unsetField(file, statement.test, true));
        if (found) return found;
      }
    }
  }
  return undefined;
}

function alwaysExitsStatement(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) return statement.body.some(alwaysExitsStatement);
  return false;
}

/** `const customer = await stripe.customers.create(...)`: the variable holding the created object. */
function resultVariable(call: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = call;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression)) current = current.parent;
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  return undefined;
}

/**
 * The created object's `id` stored after the call: passed to a call (a database update) or assigned to a
 * property; or copied into a local variable (`stripeId = customer.id`) that is then stored so.
 */
function storesId(file: FileContext, result: TSESTree.Identifier, call: TSESTree.CallExpression): boolean {
  return readsOf(file, result).some((read) => {
    const member = read.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read || propertyName(member) !== 'id' || read.range[0] < call.range[1]) return false;
    if (isStored(member)) return true;
    // `stripeId = customer.id` (or `const stripeId = customer.id`), then `update({ stripeId })`.
    const parent = member.parent;
    const local =
      parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === member && parent.left.type === AST_NODE_TYPES.Identifier
        ? parent.left
        : parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === member && parent.id.type === AST_NODE_TYPES.Identifier
          ? parent.id
          : undefined;
    return local !== undefined && readsOf(file, local).some((copy) => copy.range[0] > member.range[1] && isStored(copy));
  });
}

/** A value passed to a call (not called) or assigned to a property, directly or inside an object or array. */
function isStored(value: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = value, parent = value.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CallExpression) return parent.callee !== current;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.right === current && parent.left.type === AST_NODE_TYPES.MemberExpression;
    if (
      parent.type !== AST_NODE_TYPES.Property &&
      parent.type !== AST_NODE_TYPES.ObjectExpression &&
      parent.type !== AST_NODE_TYPES.ArrayExpression &&
      parent.type !== AST_NODE_TYPES.AwaitExpression
    ) {
      return false;
    }
  }
  return false;
}
