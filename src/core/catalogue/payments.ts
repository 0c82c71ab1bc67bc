import type { ModuleExport } from './http.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Payment APIs as data: which calls move money or create objects when repeated (a retried request charges
 * twice), where the per-request options go, which option makes the call idempotent, and how a webhook event
 * is verified.
 */
export interface PaymentLibrary {
  readonly id: string;
  readonly name: string;
  /** The client type (`new Stripe(key)`), and its constructor without types. */
  readonly clientTypes: readonly TypeOrValueSpecifier[];
  readonly clientFactories: readonly ModuleExport[];
  readonly clientTypeNames: readonly ModuleExport[];
  /** Every resource class (`stripe.paymentIntents` is a `PaymentIntentResource`) extends these. */
  readonly resourceTypes: readonly TypeOrValueSpecifier[];
  /**
   * Non-idempotent methods, by name, with the position of their request-options argument (the params come
   * before it; `confirm(id, params, options)`).
   */
  readonly calls: Readonly<Record<string, { readonly optionsArg: number }>>;
  /** Resources whose `create` is harmless to repeat (short-lived links, sessions and tokens). */
  readonly harmlessResources: readonly string[];
  /**
   * Calls that move money (`resource.method` as written): repeated, they pay, refund or withdraw twice. Reported
   * wherever they run without the idempotency option: a job, a cron route, a service a handler calls.
   */
  readonly moneyMovements: readonly string[];
  /**
   * Creates the provider makes at most once per parent named in a param (`resource.method` to the param): with
   * it, a repeat is refused instead of making a second object.
   */
  readonly oncePerParam: Readonly<Record<string, string>>;
  /** Creates that move money only when their params say `confirm: true` (a payment intent confirmed at once). */
  readonly confirmingCreates: readonly string[];
  /** The request option that makes a call idempotent. */
  readonly idempotencyOption: string;
  /** `stripe.webhooks.constructEvent(body, signature, secret)`: verifies and returns the event. */
  readonly webhookNamespace: string;
  readonly webhookVerifiers: readonly string[];
  /** The event's unique id, which a webhook handler records to skip redeliveries. */
  readonly eventIdProperty: string;
}

export const stripe: PaymentLibrary = {
  id: 'stripe',
  name: 'Stripe',
  clientTypes: [{ from: 'package', package: 'stripe', name: 'Stripe' }],
  clientFactories: [
    { module: 'stripe', path: [] },
    { module: 'stripe', path: ['Stripe'] },
  ],
  clientTypeNames: [
    { module: 'stripe', path: [] },
    { module: 'stripe', path: ['Stripe'] },
  ],
  resourceTypes: [{ from: 'package', package: 'stripe', name: 'StripeResource' }],
  calls: {
    create: { optionsArg: 1 },
    confirm: { optionsArg: 2 },
    capture: { optionsArg: 2 },
    pay: { optionsArg: 2 },
    incrementAuthorization: { optionsArg: 2 },
    createReversal: { optionsArg: 2 },
    createRefund: { optionsArg: 2 },
    createBalanceTransaction: { optionsArg: 2 },
  },
  harmlessResources: [
    'accountLinks',
    'accountSessions',
    'customerSessions',
    'ephemeralKeys',
    'tokens',
    'fileLinks',
    'files',
    'webhookEndpoints',
    'sessions', // `billingPortal.sessions`, `checkout.sessions`: a second session is never paid twice
    // A subscription holds one item per price: Stripe refuses a second item with the same price, so a repeat
    // fails instead of adding a duplicate.
    'subscriptionItems',
  ],
  moneyMovements: [
    'payouts.create',
    'refunds.create',
    'transfers.create',
    'charges.create',
    'topups.create',
    'transfers.createReversal',
    'applicationFees.createRefund',
    // Not `invoices.pay`, `charges.capture`, `paymentIntents.capture`: Stripe refuses to pay or capture twice.
  ],
  // A subscription is attached to one schedule at most: Stripe refuses a second schedule `from_subscription`.
  oncePerParam: { 'subscriptionSchedules.create': 'from_subscription' },
  confirmingCreates: ['paymentIntents.create'],
  idempotencyOption: 'idempotencyKey',
  webhookNamespace: 'webhooks',
  webhookVerifiers: ['constructEvent', 'constructEventAsync'],
  eventIdProperty: 'id',
};

/**
 * Paddle Billing (`@paddle/paddle-node-sdk`): its webhooks, verified by `paddle.webhooks.unmarshal(body,
 * secret, signature)`, carry a unique `eventId`. The SDK takes no idempotency key, so no call is listed: its
 * creates are not reported, only effects of webhook handlers that do not record the event id first.
 */
export const paddle: PaymentLibrary = {
  id: 'paddle',
  name: 'Paddle',
  clientTypes: [{ from: 'package', package: '@paddle/paddle-node-sdk', name: 'Paddle' }],
  clientFactories: [{ module: '@paddle/paddle-node-sdk', path: ['Paddle'] }],
  clientTypeNames: [{ module: '@paddle/paddle-node-sdk', path: ['Paddle'] }],
  resourceTypes: [],
  calls: {},
  harmlessResources: [],
  moneyMovements: [],
  oncePerParam: {},
  confirmingCreates: [],
  // Unused while `calls` is empty: the API has no such option.
  idempotencyOption: 'idempotencyKey',
  webhookNamespace: 'webhooks',
  webhookVerifiers: ['unmarshal'],
  eventIdProperty: 'eventId',
};

export const paymentLibraries: readonly PaymentLibrary[] = [stripe, paddle];

/**
 * Values that differ on every run, so a key built from them is new on every retry and dedupes nothing:
 * global calls by member path, and module exports.
 */
export const FRESH_VALUE_CALLS: {
  readonly globals: readonly (readonly string[])[];
  readonly exports: readonly ModuleExport[];
} = {
  globals: [
    ['Date', 'now'],
    ['Math', 'random'],
    ['crypto', 'randomUUID'],
    ['crypto', 'randomBytes'],
    ['performance', 'now'],
  ],
  exports: [
    { module: 'crypto', path: ['randomUUID'] },
    { module: 'node:crypto', path: ['randomUUID'] },
    { module: 'crypto', path: ['randomBytes'] },
    { module: 'node:crypto', path: ['randomBytes'] },
    { module: 'uuid', path: ['v4'] },
    { module: 'uuid', path: ['v1'] },
    { module: 'uuid', path: ['v7'] },
    { module: 'uuid', path: ['default', 'v4'] },
    { module: 'nanoid', path: ['nanoid'] },
    { module: '@paralleldrive/cuid2', path: ['createId'] },
  ],
};
