import path from 'node:path';
import { DataSource, type Repository } from 'typeorm';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Coupon { code: string; uses: number }
interface Subject {
  Coupon: new () => Coupon;
  redeemCoupon(coupons: Repository<Coupon>, code: string): Promise<void>;
}

export const scenario: Scenario = {
  name: 'typeorm-counter',
  rule: 'no-read-modify-write',
  messageId: 'databaseReadModifyWrite',
  fix: { kind: 'suggestion', messageId: 'suggestAtomicUpdate' },
  fixKind: 'suggestion: repository.increment, stale save removed',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS coupons (code text PRIMARY KEY, uses integer NOT NULL)');
    let dataSource: DataSource | undefined;
    let coupons: Repository<Coupon> | undefined;
    const code = (repetition: number) => `${path.basename(modulePath, '.mjs')}-${repetition}`;
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(repetition, subject) {
        if (!dataSource) {
          // The module's own entity class, over a TypeORM pool of 10 connections in the run's schema.
          dataSource = new DataSource({ type: 'postgres', url: env.databaseUrl, schema: env.schema, entities: [subject.Coupon], poolSize: 10 });
          await dataSource.initialize();
          coupons = dataSource.getRepository(subject.Coupon);
        }
        await env.pool.query('INSERT INTO coupons (code, uses) VALUES ($1, 0)', [code(repetition)]);
      },
      call: (subject, _index, repetition) => subject.redeemCoupon(coupons!, code(repetition)),
      // Every call redeemed the coupon once: the uses missing from the count were overwritten.
      async count(results, repetition) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ uses: number }>('SELECT uses FROM coupons WHERE code = $1', [code(repetition)]);
        return { 'lost updates': env.callers - (rows[0]?.uses ?? 0) };
      },
      close: async () => dataSource?.destroy(),
    });
  },
};
