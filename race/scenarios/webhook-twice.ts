import type { Server } from 'node:http';
import type pg from 'pg';
import Stripe from 'stripe';
import { serveOnLoopback } from '../http.js';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject {
  app: { listen(port: number, host: string, callback: () => void): Server };
  pool: pg.Pool;
}

const SECRET = 'whsec_race_harness';

export const scenario: Scenario = {
  name: 'webhook-twice',
  rule: 'require-idempotency-key',
  ruleOptions: [{ keyStore: { name: 'recordEventOnce', module: './processed-events.js' } }],
  messageId: 'webhookNotDeduplicated',
  fix: { kind: 'suggestion', messageId: 'suggestEventDedupe' },
  fixKind: 'suggestion: record the event id first, skip redeliveries',
  services: ['postgres'],
  async start(env, modulePath) {
    await env.pool.query('CREATE TABLE IF NOT EXISTS processed_events (event_id text PRIMARY KEY)');
    await env.pool.query('CREATE TABLE IF NOT EXISTS shipments (id serial PRIMARY KEY, order_id text NOT NULL)');
    // The module builds its pool and Stripe client from the environment when imported, as an app does.
    process.env.STRIPE_WEBHOOK_SECRET = SECRET;
    const signer = new Stripe('sk_test_race_harness');
    let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
    let subject: Subject | undefined;
    return inProcessTrial<Subject, void>({
      modulePath,
      callers: env.callers,
      async prepare(_repetition, loaded) {
        subject = loaded;
        server ??= await serveOnLoopback(loaded.app);
        await env.pool.query('DELETE FROM processed_events; DELETE FROM shipments');
      },
      // Callers 2k and 2k+1 are Stripe delivering event k twice at once (the first delivery timed out).
      async call(_subject, index, repetition) {
        const event = Math.floor(index / 2);
        const payload = JSON.stringify({
          id: `evt_${repetition}_${event}`,
          object: 'event',
          type: 'checkout.session.completed',
          data: { object: { id: `cs_${event}`, object: 'checkout.session', metadata: { orderId: `ord_${event}` } } },
        });
        const response = await fetch(`${server!.url}/webhooks/stripe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
          body: payload,
        });
        if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
      },
      // One shipment per order: every further one ships the order again.
      async count(results) {
        rethrowUnexpected(results);
        const { rows } = await env.pool.query<{ shipments: number }>('SELECT count(*)::int AS shipments FROM shipments');
        return { 'duplicate side effects': (rows[0]?.shipments ?? 0) - Math.ceil(env.callers / 2) };
      },
      close: async () => {
        await server?.close();
        await subject?.pool.end();
      },
    });
  },
};
