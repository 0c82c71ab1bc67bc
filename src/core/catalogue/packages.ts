import { databaseLibraries } from './databases.js';
import { lockLibraries } from './locks.js';
import { paymentLibraries } from './payments.js';
import { redisLibraries } from './redis.js';

/**
 * The packages whose clients the catalogue models. An instance of a class imported from one of them runs the
 * package's code, which is never followed: the import specifier alone tells.
 */
export const modelledPackages: ReadonlySet<string> = new Set([
  ...databaseLibraries.flatMap((library) => [...library.packages, ...(library.untyped?.modules ?? [])]),
  ...lockLibraries.flatMap((library) => library.modules),
  ...redisLibraries.flatMap((library) => library.modules),
  ...paymentLibraries.flatMap((library) => library.clientFactories.map((factory) => factory.module)),
]);
