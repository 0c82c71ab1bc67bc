import rule from '../../rules/no-read-modify-write.js';
import { runRuleCases } from '../rule-tester.js';

runRuleCases('no-read-modify-write', rule, {});
