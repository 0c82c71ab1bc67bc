/**
 * Packages whose presence in a package's `dependencies` says the package runs as a long-lived process that
 * serves requests or jobs (an HTTP or WebSocket server, a framework's server runtime, a queue worker). A package
 * with a `bin` and none of these is a command-line tool: a person runs it once (see analysis/one-shot.ts).
 */
export const longRunningPackages: ReadonlySet<string> = new Set([
  // HTTP servers and frameworks
  'express',
  'fastify',
  'koa',
  '@koa/router',
  'koa-router',
  'hono',
  '@hono/node-server',
  '@nestjs/core',
  'next',
  '@remix-run/node',
  '@remix-run/serve',
  '@react-router/node',
  '@hapi/hapi',
  'restify',
  'polka',
  'h3',
  'nitropack',
  '@trpc/server',
  '@apollo/server',
  'apollo-server',
  'graphql-yoga',
  'socket.io',
  // queue workers
  'bullmq',
  'bull',
  'bee-queue',
  'agenda',
  'pg-boss',
  'graphile-worker',
]);

/**
 * Libraries that ask a person questions at a terminal: a package that depends on one (and on none of the
 * packages above) is a command a person runs, whether or not it declares a `bin` (an admin console started
 * with `pnpm start`).
 */
export const terminalPromptPackages: ReadonlySet<string> = new Set([
  'inquirer',
  '@inquirer/prompts',
  'prompts',
  'enquirer',
  '@clack/prompts',
]);

/**
 * Methods a framework calls once, while the process starts and before it serves (NestJS lifecycle hooks, which
 * Vendure plugins share): see analysis/startup-code.ts.
 */
export const startupHooks: ReadonlySet<string> = new Set(['onModuleInit', 'onApplicationBootstrap']);
