import rule from '../../rules/require-lock-ttl.js';
import { runRuleCases } from '../rule-tester.js';
import { counterCases } from './require-lock-ttl/counters.cases.js';
import { redisCases } from './require-lock-ttl/redis.cases.js';

runRuleCases('require-lock-ttl', rule, {
  redis: redisCases,
  'counter locks': counterCases,
});
