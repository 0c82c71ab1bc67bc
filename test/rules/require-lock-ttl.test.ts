import rule from '../../rules/require-lock-ttl.js';
import { runRuleCases } from '../rule-tester.js';
import { redisCases } from './require-lock-ttl/redis.cases.js';

runRuleCases('require-lock-ttl', rule, {
  redis: redisCases,
});
