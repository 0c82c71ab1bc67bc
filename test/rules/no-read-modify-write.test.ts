import rule from '../../rules/no-read-modify-write.js';
import { runRuleCases } from '../rule-tester.js';
import { sharedStateCases } from './no-read-modify-write/shared-state.cases.js';

runRuleCases('no-read-modify-write', rule, {
  'shared in-memory state': sharedStateCases,
});
