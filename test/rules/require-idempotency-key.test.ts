import rule from '../../rules/require-idempotency-key.js';
import { runRuleCases } from '../rule-tester.js';
import { expressCases } from './require-idempotency-key/express.cases.js';
import './require-idempotency-key/demo-shop.js';
import { optionCases } from './require-idempotency-key/options.cases.js';
import { importedHelperCases, lazyCreateShapeCases, uniqueKeyCases, unkeyedPaymentCases } from './require-idempotency-key/payments.cases.js';
import { replaceSetCases } from './require-idempotency-key/replace-set.cases.js';
import { claimCases } from './require-idempotency-key/claims.cases.js';
import { exclusiveStepCases, oncePerParentCases, productionOnlyCases, recordedResultCases, repositoryOptionCases, uniqueViolationCases } from './require-idempotency-key/exclusive-steps.cases.js';
import { bestEffortRecordCases, freshModelHelperCases, keyColumnCases, optionNotPassedCases } from './require-idempotency-key/records.cases.js';
import { databaseCases, webhookCases } from './require-idempotency-key/webhooks.cases.js';
import { freshByDesignCases, freshKeyCases, lazyCreateCases, paddleWebhookCases, pagesDestructuredCases, remixCases, serverActionCases, trpcCases } from './require-idempotency-key/procedures.cases.js';
import { fastifyCases, honoCases, koaCases, nestCases, nextAppCases, nextPagesCases } from './require-idempotency-key/frameworks.cases.js';
import { uniqueViolationHandlerCases } from './require-idempotency-key/unique-violation-handlers.cases.js';

runRuleCases('require-idempotency-key', rule, {
  express: expressCases,
  fastify: fastifyCases,
  hono: honoCases,
  'koa (@koa/router)': koaCases,
  'next.js app router': nextAppCases,
  'next.js pages router': nextPagesCases,
  nestjs: nestCases,
  'stripe webhooks': webhookCases,
  databases: databaseCases,
  'options and access styles': optionCases,
  trpc: trpcCases,
  'server actions': serverActionCases,
  'remix / react router actions': remixCases,
  'next.js pages router, destructured method': pagesDestructuredCases,
  'fresh by design': freshByDesignCases,
  'fresh keys, any provider': freshKeyCases,
  'lazy external creates': lazyCreateCases,
  'paddle webhooks': paddleWebhookCases,
  'money moved without a key': unkeyedPaymentCases,
  'lazy creates: imported clients, copied fields': lazyCreateShapeCases,
  'helpers imported from other modules': importedHelperCases,
  'creates keyed by a unique field of the schema': uniqueKeyCases,
  'records written best-effort after the response': bestEffortRecordCases,
  'sessions and tokens made by a helper': freshModelHelperCases,
  'idempotency-key columns of a row': keyColumnCases,
  'effects gated by an atomic claim': claimCases,
  'sets replaced (deleted, then written again)': replaceSetCases,
  'effects behind an option the call does not pass': optionNotPassedCases,
  'unique violations told apart in the catch': uniqueViolationCases,
  'effects after a step only one request gets past': exclusiveStepCases,
  'code refused in production': productionOnlyCases,
  'creates made once per parent': oncePerParentCases,
  'the repositories option in claims and replaced sets': repositoryOptionCases,
  'rows recording what a call returned, rows made by map': recordedResultCases,
  'unique violations told apart in a .catch() handler': uniqueViolationHandlerCases,
});
