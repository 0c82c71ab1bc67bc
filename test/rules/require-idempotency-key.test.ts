import rule from '../../rules/require-idempotency-key.js';
import { runRuleCases } from '../rule-tester.js';
import { expressCases } from './require-idempotency-key/express.cases.js';

runRuleCases('require-idempotency-key', rule, {
  express: expressCases,
});
