import type { Pool } from 'pg';

/**
 * The pool as the module under test sees it, counting the queries it sends by their text (a load that runs
 * twice is a duplicate side effect). Everything else goes to the real pool.
 */
export function countingPool(pool: Pool): { pool: Pool; queries: Map<string, number> } {
  const queries = new Map<string, number>();
  const counted = new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
        queries.set(text, (queries.get(text) ?? 0) + 1);
        return (target.query as (...queryArgs: unknown[]) => unknown)(...args);
      };
    },
  });
  return { pool: counted, queries };
}
