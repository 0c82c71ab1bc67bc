import rule from '../../rules/no-unguarded-lock-release.js';
import { runRuleCases } from '../rule-tester.js';
import { redisCases } from './no-unguarded-lock-release/redis.cases.js';

runRuleCases('no-unguarded-lock-release', rule, {
  redis: redisCases,
});
