import type { TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Web frameworks as data: how each one registers a handler for an HTTP method, where the handler finds the
 * request, how it reads a header, and how a handler answers early. Recognising handlers (recognize/handlers.ts)
 * and writing fixes only read these tables; adding a framework is adding an entry.
 */

export type HttpMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a value comes from when no type information is configured: a module export, called or constructed. */
export interface ModuleExport {
  readonly module: string;
  /** Export path from the module root; `[]` is the module itself (a default import or `require`). */
  readonly path: readonly string[];
}

/** How the handler reads a header and answers a duplicate: code templates over the handler's first parameter. */
export interface HandlerCode {
  /**
   * Reads the `Idempotency-Key` header as `string | undefined`; `{{param}}` is the handler's first parameter,
   * `{{header}}` the header name in lower case and `{{Header}}` in its usual spelling.
   */
  readonly readHeader: string;
  /** TypeScript needs a narrowing the JavaScript form does not (Fastify's `string | string[] | undefined`). */
  readonly readHeaderTs?: string;
  /** Statements that end the handler for a request already seen. `{{param}}`, `{{second}}`: its parameters. */
  readonly answerDuplicate: string;
  /** Statements that acknowledge a webhook event already handled (success, so the sender stops retrying). */
  readonly answerDelivered: string;
}

/** Frameworks that register handlers with method calls on an app or router object: `app.post(path, ...fns)`. */
export interface RouterFramework {
  readonly kind: 'router';
  readonly id: string;
  readonly name: string;
  /** The app and router types (their base types count too). */
  readonly routerTypes: readonly TypeOrValueSpecifier[];
  /** Without types: variables bound to these calls or constructions are routers. */
  readonly routerFactories: readonly ModuleExport[];
  /** Without types: parameters annotated with these types are routers (a Fastify plugin's `fastify`). */
  readonly routerTypeNames: readonly ModuleExport[];
  /** `app.route('/x').post(handler)`: the method that starts a chain whose first argument is the path. */
  readonly routeChain?: string;
  /** `app.all(path, handler)`: one handler for every method, which branches on `req.method`. */
  readonly allMethods?: string;
  /** `fastify.route({ method: 'POST', url, handler })`. */
  readonly routeObject?: {
    readonly method: string;
    readonly methodKey: string;
    readonly pathKeys: readonly string[];
    readonly handlerKey: string;
    readonly hookKeys: readonly string[];
  };
  /** Options objects between the path and the handler may carry hooks (Fastify's `preHandler`). */
  readonly hookKeys: readonly string[];
  /** Methods that install middleware for every route of the receiver: `app.use`, `fastify.addHook`. */
  readonly middlewareMethods: readonly string[];
  readonly code: HandlerCode;
}

/** Next.js App Router: `export async function POST(request)` in a `route.ts` file. */
export interface FileRouteFramework {
  readonly kind: 'file-route';
  readonly id: string;
  readonly name: string;
  /** The file name is the framework's contract. */
  readonly fileName: RegExp;
  /** Where the route path starts in the file path (`app/`), to name the route in messages. */
  readonly routeRoot: RegExp;
  readonly code: HandlerCode;
}

/** Frameworks where one function serves every method and branches on `req.method` (Next.js Pages Router). */
export interface MethodBranchFramework {
  readonly kind: 'method-branch';
  readonly id: string;
  readonly name: string;
  readonly requestTypes: readonly TypeOrValueSpecifier[];
  readonly requestTypeNames: readonly ModuleExport[];
  readonly code: HandlerCode;
}

/** Frameworks that route by decorators on controller methods (NestJS). */
export interface DecoratorFramework {
  readonly kind: 'decorator';
  readonly id: string;
  readonly name: string;
  readonly module: string;
  readonly controllerDecorator: string;
  readonly methodDecorators: Readonly<Record<HttpMethod, string>>;
  /** `@Headers('idempotency-key') key`: a parameter decorator that reads a header. */
  readonly headerDecorator: string;
  /** Decorators that put interceptors or guards on a method or a controller. */
  readonly interceptorDecorators: readonly string[];
}

/**
 * Remote procedures called by the application's own client, each one a POST underneath: tRPC mutations,
 * Next.js Server Actions, Remix / React Router route `action`s. The client (a double click, a retry after a
 * lost answer) calls them again like any POST; none reads an `Idempotency-Key` header, so no header code.
 */
export interface ProcedureFramework {
  readonly kind: 'procedure';
  readonly id: string;
  readonly name: string;
  /** How messages name one: `tRPC mutation`, `Server Action`, `action`. */
  readonly noun: string;
}

export type HttpFramework = RouterFramework | FileRouteFramework | MethodBranchFramework | DecoratorFramework | ProcedureFramework;

const expressPackage = { from: 'package', package: 'express-serve-static-core' } as const;

export const express: RouterFramework = {
  kind: 'router',
  id: 'express',
  name: 'Express',
  // `Express` and `Router` both extend `IRouter`; `app.route()` returns an `IRoute`.
  routerTypes: [
    { ...expressPackage, name: ['IRouter', 'IRoute', 'Express', 'Application', 'Router'] },
    { from: 'package', package: 'express', name: ['Router', 'Express', 'Application'] },
  ],
  routerFactories: [
    { module: 'express', path: [] },
    { module: 'express', path: ['Router'] },
  ],
  routerTypeNames: [
    { module: 'express', path: ['Router'] },
    { module: 'express', path: ['Express'] },
    { module: 'express', path: ['Application'] },
  ],
  routeChain: 'route',
  allMethods: 'all',
  hookKeys: [],
  middlewareMethods: ['use'],
  code: {
    readHeader: "{{param}}.get('{{Header}}')",
    answerDuplicate: "{{second}}.status(409).json({ error: 'Duplicate request' });\nreturn;",
    answerDelivered: "{{second}}.json({ received: true });\nreturn;",
  },
};

export const fastify: RouterFramework = {
  kind: 'router',
  id: 'fastify',
  name: 'Fastify',
  routerTypes: [{ from: 'package', package: 'fastify', name: 'FastifyInstance' }],
  routerFactories: [
    { module: 'fastify', path: [] },
    { module: 'fastify', path: ['fastify'] },
    { module: 'fastify', path: ['default'] },
  ],
  routerTypeNames: [{ module: 'fastify', path: ['FastifyInstance'] }],
  routeObject: { method: 'route', methodKey: 'method', pathKeys: ['url', 'path'], handlerKey: 'handler', hookKeys: ['preHandler', 'onRequest', 'preValidation'] },
  hookKeys: ['preHandler', 'onRequest', 'preValidation'],
  middlewareMethods: ['addHook', 'register'],
  code: {
    readHeader: "{{param}}.headers['{{header}}']",
    readHeaderTs: "({{param}}.headers['{{header}}'] as string | undefined)",
    answerDuplicate: "return {{second}}.code(409).send({ error: 'Duplicate request' });",
    answerDelivered: 'return { received: true };',
  },
};

export const hono: RouterFramework = {
  kind: 'router',
  id: 'hono',
  name: 'Hono',
  routerTypes: [{ from: 'package', package: 'hono', name: 'Hono' }],
  routerFactories: [{ module: 'hono', path: ['Hono'] }],
  routerTypeNames: [{ module: 'hono', path: ['Hono'] }],
  allMethods: 'all',
  hookKeys: [],
  middlewareMethods: ['use'],
  code: {
    readHeader: "{{param}}.req.header('{{Header}}')",
    answerDuplicate: "return {{param}}.json({ error: 'Duplicate request' }, 409);",
    answerDelivered: 'return {{param}}.json({ received: true });',
  },
};

export const koaRouter: RouterFramework = {
  kind: 'router',
  id: 'koa',
  name: 'Koa (@koa/router)',
  routerTypes: [
    { from: 'package', package: '@koa/router', name: ['Router', 'RouterImplementation', 'RouterInstance', 'RouterWithMethods'] },
  ],
  routerFactories: [
    { module: '@koa/router', path: [] },
    { module: '@koa/router', path: ['Router'] },
    { module: 'koa-router', path: [] },
  ],
  routerTypeNames: [{ module: '@koa/router', path: ['Router'] }],
  allMethods: 'all',
  hookKeys: [],
  middlewareMethods: ['use'],
  code: {
    readHeader: "({{param}}.get('{{Header}}') || undefined)",
    answerDuplicate: "{{param}}.status = 409;\nreturn;",
    answerDelivered: '{{param}}.body = { received: true };\nreturn;',
  },
};

export const nextAppRouter: FileRouteFramework = {
  kind: 'file-route',
  id: 'next-app',
  name: 'Next.js App Router',
  fileName: /(?:^|[\\/])route\.[cm]?[jt]sx?$/u,
  routeRoot: /(?:^|[\\/])app([\\/].*)[\\/]route\.[cm]?[jt]sx?$/u,
  code: {
    readHeader: "({{param}}.headers.get('{{Header}}') ?? undefined)",
    answerDuplicate: "return Response.json({ error: 'Duplicate request' }, { status: 409 });",
    answerDelivered: 'return Response.json({ received: true });',
  },
};

export const nextPagesRouter: MethodBranchFramework = {
  kind: 'method-branch',
  id: 'next-pages',
  name: 'Next.js Pages Router',
  requestTypes: [{ from: 'package', package: 'next', name: 'NextApiRequest' }],
  requestTypeNames: [{ module: 'next', path: ['NextApiRequest'] }],
  code: {
    readHeader: "{{param}}.headers['{{header}}']",
    readHeaderTs: "({{param}}.headers['{{header}}'] as string | undefined)",
    answerDuplicate: "{{second}}.status(409).json({ error: 'Duplicate request' });\nreturn;",
    answerDelivered: '{{second}}.json({ received: true });\nreturn;',
  },
};

export const nest: DecoratorFramework = {
  kind: 'decorator',
  id: 'nest',
  name: 'NestJS',
  module: '@nestjs/common',
  controllerDecorator: 'Controller',
  methodDecorators: { POST: 'Post', PUT: 'Put', PATCH: 'Patch', DELETE: 'Delete' },
  headerDecorator: 'Headers',
  interceptorDecorators: ['UseInterceptors', 'UseGuards'],
};

export const routerFrameworks: readonly RouterFramework[] = [express, fastify, hono, koaRouter];

/**
 * tRPC: `publicProcedure.input(schema).mutation(async ({ ctx, input }) => ...)`. The builder usually comes
 * from the application's own `trpc.ts`, so it is known by its declared type (from `@trpc/server`), or without
 * types by the API shape only tRPC has: a `mutation` call ending a builder chain (`input`, `use`, `meta`…) or
 * taking a resolver that destructures `ctx` / `input`.
 */
export const trpc = {
  kind: 'procedure',
  id: 'trpc',
  name: 'tRPC',
  noun: 'tRPC mutation',
  module: '@trpc/server',
  mutationMethod: 'mutation',
  builderMethods: ['input', 'output', 'use', 'meta', 'concat', 'unstable_concat'],
  resolverKeys: ['ctx', 'input'],
} as const satisfies ProcedureFramework & Record<string, unknown>;

/**
 * Next.js Server Actions: every exported function of a `'use server'` module, and every function whose body
 * starts with `'use server'`. An exported action made by a builder (`actionClient.schema(s).action(fn)`,
 * next-safe-action) is the function passed to the chain's last call.
 */
export const serverActions = {
  kind: 'procedure',
  id: 'next-server-action',
  name: 'Next.js Server Actions',
  noun: 'Server Action',
  directive: 'use server',
} as const satisfies ProcedureFramework & Record<string, unknown>;

/**
 * Remix / React Router: a route module's `export async function action(...)` (or `export const action =`,
 * also through a factory: `export const action = createActionApiRoute(options, async (args) => ...)`)
 * serves every non-GET request of the route. A route module is a file under `app/routes/`, or a file that
 * imports one of the framework's packages.
 */
export const remixActions = {
  kind: 'procedure',
  id: 'remix',
  name: 'Remix / React Router',
  noun: 'action',
  exportName: 'action',
  routeFile: /(?:^|[\\/])app[\\/]routes[\\/](.+?)(?:[\\/]route)?\.[cm]?[jt]sx?$/u,
  modules: ['@remix-run/node', '@remix-run/server-runtime', '@remix-run/cloudflare', '@remix-run/deno', 'react-router', '@react-router/node'],
} as const satisfies ProcedureFramework & Record<string, unknown>;

/** The headers that carry a client's idempotency key, lower case (HTTP header names are case-insensitive). */
export const DEFAULT_IDEMPOTENCY_HEADERS: readonly string[] = ['idempotency-key', 'x-idempotency-key'];

/**
 * Idempotency middleware: packages whose imports count wherever they are used on a route, and names (matched
 * case-insensitively as a part of a function, decorator or interceptor name) for the application's own.
 */
export const DEFAULT_IDEMPOTENCY_MIDDLEWARE = {
  packages: [
    'express-idempotency',
    '@node-idempotency/express',
    '@node-idempotency/nestjs',
    '@node-idempotency/fastify',
    '@node-idempotency/core',
    '@aws-lambda-powertools/idempotency',
  ],
  names: ['idempoten'],
} as const;

/** Header reads in every common access style, over whatever object holds the headers. */
export const HEADER_ACCESS = {
  /** `req.headers['idempotency-key']`, `ctx.header[...]`, `ctx.request.headers[...]`. */
  headerObjects: ['headers', 'header'],
  /** `req.get(name)`, `req.header(name)`, `request.headers.get(name)`, `c.req.header(name)`, `ctx.get(name)`. */
  getterMethods: ['get', 'header', 'getHeader'],
} as const;

/**
 * Endpoints whose effect is meant to be new each time, so a double submit is harmless: signing in (a new
 * session), signing out, sending or resending a verification or password-reset email, code or token. Known
 * by the words of the route path or the handler's name (split at `/`, `-`, `_`, `.` and camelCase), and by
 * the model an effect creates (a session, a token).
 */
export const FRESH_BY_DESIGN = {
  routeWords: [
    ['login'], ['log', 'in'], ['logout'], ['log', 'out'], ['signin'], ['sign', 'in'], ['signout'], ['sign', 'out'],
    ['forgot'], ['reset', 'password'], ['password', 'reset'], ['verify'], ['verification'], ['resend'], ['otp'],
    ['magic', 'link'], ['refresh', 'token'], ['refresh', 'tokens'], ['session'], ['sessions'],
  ],
  modelWords: ['session', 'token', 'otp', 'verification'],
} as const;

/**
 * Work a serverless handler hands on to run after its response is sent, best-effort: Vercel's `waitUntil` and
 * Next.js's `after`. Nothing the response says depends on it.
 */
export const AFTER_RESPONSE_CALLS: readonly ModuleExport[] = [
  { module: '@vercel/functions', path: ['waitUntil'] },
  { module: 'next/server', path: ['after'] },
];

/**
 * The environment a deployment runs in, as Node.js code tests it: `process.env.NODE_ENV === 'production'`.
 * Code refused there is a development convenience that no production client retries.
 */
export const PRODUCTION_ENVIRONMENT = { variable: ['process', 'env', 'NODE_ENV'], value: 'production' } as const;

/** Where a client sends its key in the body or input of a procedure: `input.idempotencyKey`. */
export const BODY_IDEMPOTENCY_KEYS: readonly string[] = ['idempotencyKey', 'idempotency_key'];

/** The words of a name or path: `/auth/sign-in` is `auth sign in`, `forgotPassword` is `forgot password`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter((word) => word !== '');
}
