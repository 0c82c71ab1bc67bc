import type Stripe from 'stripe';
import type { Server } from 'node:http';
import { serveOnLoopback } from '../http.js';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface Subject { createCheckoutApp(stripe: Stripe): { listen(port: number, host: string, callback: () => void): Server } }

export const scenario: Scenario = {
  name: 'post-payment',
  rule: 'require-idempotency-key',
  messageId: 'missingKey',
  fix: { kind: 'suggestion', messageId: 'suggestStripeKey' },
  fixKind: "suggestion: pass the Idempotency-Key header to Stripe",
  services: ['stripe'],
  async start(env, modulePath) {
    let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
    return inProcessTrial<Subject, number>({
      modulePath,
      callers: env.callers,
      async prepare(_repetition, subject) {
        env.stripe.reset();
        server ??= await serveOnLoopback(subject.createCheckoutApp(env.stripe.client));
      },
      // Callers 2k and 2k+1 are one client paying order k and retrying at once (its first attempt timed out):
      // the same request, with the same Idempotency-Key.
      async call(_subject, index, repetition) {
        if (!server) throw new Error('the app is served in prepare');
        const order = Math.floor(index / 2);
        const response = await fetch(`${server.url}/orders/ord_${order}/payments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${repetition}-${order}` },
          body: JSON.stringify({ amount: 1000 + order }),
        });
        if (response.status !== 201) throw new Error(`POST /orders/ord_${order}/payments answered ${response.status}: ${await response.text()}`);
        return response.status;
      },
      // One payment per order: every further PaymentIntent charged the customer again.
      async count(results) {
        rethrowUnexpected(results);
        const orders = Math.ceil(env.callers / 2);
        return { 'duplicate side effects': env.stripe.created('/v1/payment_intents').length - orders };
      },
      close: async () => server?.close(),
    });
  },
};
