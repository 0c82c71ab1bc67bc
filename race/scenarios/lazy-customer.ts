import type Stripe from 'stripe';
import { inProcessTrial, rethrowUnexpected } from '../in-process-trial.js';
import type { Scenario } from '../scenario.js';

interface User {
  readonly id: string;
  stripeCustomerId: string | null;
}
interface UserStore {
  find(id: string): Promise<User>;
  setStripeCustomerId(id: string, customerId: string): Promise<void>;
}
interface Subject {
  stripeCustomerFor(stripe: Stripe, users: UserStore, userId: string): Promise<string>;
}

/** An in-memory user table whose reads and writes each take a turn of the event loop, like a database's. */
function userStore(): UserStore {
  const rows = new Map<string, User>();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    async find(id) {
      await turn();
      const row = rows.get(id) ?? { id, stripeCustomerId: null };
      return { ...row };
    },
    async setStripeCustomerId(id, customerId) {
      await turn();
      rows.set(id, { id, stripeCustomerId: customerId });
    },
  };
}

export const scenario: Scenario = {
  name: 'lazy-customer',
  rule: 'require-idempotency-key',
  messageId: 'lazyCreate',
  fix: { kind: 'suggestion', messageId: 'suggestOwnerKey' },
  fixKind: "suggestion: key the customer's creation by the owner's id",
  services: ['stripe'],
  async start(env, modulePath) {
    let users = userStore();
    return inProcessTrial<Subject, string>({
      modulePath,
      callers: env.callers,
      async prepare() {
        env.stripe.reset();
        users = userStore();
      },
      // Every caller is the same user paying for the first time, twice at once (a double click, two tabs).
      async call(subject, _index, repetition) {
        return subject.stripeCustomerFor(env.stripe.client, users, `user_${repetition}`);
      },
      // One user, one Stripe customer: every further one is orphaned.
      async count(results) {
        rethrowUnexpected(results);
        return { 'duplicate side effects': env.stripe.created('/v1/customers').length - 1 };
      },
    });
  },
};
