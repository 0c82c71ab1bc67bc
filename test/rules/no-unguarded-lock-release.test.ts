import rule from '../../rules/no-unguarded-lock-release.js';
import { runRuleCases } from '../rule-tester.js';
import { abortSignalCases } from './no-unguarded-lock-release/abort-signal.cases.js';
import { acquireBeforeTryCases } from './no-unguarded-lock-release/acquire-before-try.cases.js';
import { appHelperCases } from './no-unguarded-lock-release/app-helpers.cases.js';
import { counterCases } from './no-unguarded-lock-release/counters.cases.js';
import { libraryCases } from './no-unguarded-lock-release/libraries.cases.js';
import { poolCases } from './no-unguarded-lock-release/pools.cases.js';
import { promiseChainCases } from './no-unguarded-lock-release/promise-chains.cases.js';
import { redisCases } from './no-unguarded-lock-release/redis.cases.js';
import { rowLockCases } from './no-unguarded-lock-release/row-locks.cases.js';
import { runLimitCases } from './no-unguarded-lock-release/run-limits.cases.js';
import { sqlAndFlagCases } from './no-unguarded-lock-release/sql-and-flags.cases.js';

runRuleCases('no-unguarded-lock-release', rule, {
  redis: redisCases,
  'redlock and async-mutex': libraryCases,
  'SQL session locks and flags': sqlAndFlagCases,
  'counter locks': counterCases,
  'session locks through a pool': poolCases,
  'releases chained with .then': promiseChainCases,
  'lock helpers in another module': appHelperCases,
  'redlock abort signal checked before a loop': abortSignalCases,
  'locks that outlive their holder (platform run limits)': runLimitCases,
  'a second lock taken before the try': acquireBeforeTryCases,
  'row locks kept in a column': rowLockCases,
});
