import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from '../typescript.cjs';
import {
  AFTER_RESPONSE_CALLS,
  BODY_IDEMPOTENCY_KEYS,
  DEFAULT_IDEMPOTENCY_HEADERS,
  DEFAULT_IDEMPOTENCY_MIDDLEWARE,
  FRESH_BY_DESIGN,
  nameWords,
  routerFrameworks,
  type HandlerCode,
  type HttpFramework,
  type HttpMethod,
} from '../catalogue/http.js';
import { paymentLibraries } from '../catalogue/payments.js';
import { calleeOf, type Callee } from '../analysis/callees.js';
import { databaseEffectsOf } from '../analysis/summaries.js';
import { afterExclusiveStep, gatedByClaim, inTransactionWithUniqueCreate } from '../analysis/exclusive-steps.js';
import { freshSource } from '../analysis/fresh-values.js';
import { memberPath } from '../analysis/member-paths.js';
import { behindOptionNotPassed } from '../analysis/option-branches.js';
import { refusedInProduction } from '../analysis/production-code.js';
import { replacesScope } from '../analysis/replaced-sets.js';
import { alwaysExitsStatement } from '../analysis/statements.js';
import { keyedByUnique } from '../analysis/unique-keyed-creates.js';
import { contains, enclosingFunction, isFunction, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { getFileContext, memoize, type FileContext } from '../file-context.js';
import { indentOf, indentUnit } from '../fix.js';
import { isOneOf, moduleExportOf } from '../recognize/bindings.js';
import { databaseCallOf } from '../recognize/database.js';
import { findRouteHandlers, idempotencyKeyValues, type RouteHandler } from '../recognize/handlers.js';
import { callsIn, findNodes } from '../recognize/modules.js';
import { importedFunctionOf, type ImportedFunction } from '../recognize/imported-helpers.js';
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
  const fn = enclosingFunction(node);
  return fn.type === AST_NODE_TYPES.Program ? undefined : fn;
}

function functionName(fn: FunctionNode): string {
  if (fn.id) return `\`${fn.id.name}\``;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `\`${parent.id.name}\``;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.key.type === AST_NODE_TYPES.Identifier) return `\`${parent.key.name}\``;
  return 'handler';
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
