import rule from '../../rules/no-read-modify-write.js';
import { runRuleCases } from '../rule-tester.js';
import { databaseCases } from './no-read-modify-write/database.cases.js';
import { databaseFlowCases } from './no-read-modify-write/database-flows.cases.js';
import { injectedCases } from './no-read-modify-write/injected.cases.js';
import { importedClientCases } from './no-read-modify-write/imported-clients.cases.js';
import { keepOrSetCases } from './no-read-modify-write/keep-or-set.cases.js';
import { nextNumberCases } from './no-read-modify-write/next-number.cases.js';
import { redisCases } from './no-read-modify-write/redis.cases.js';
import { sharedStateCases } from './no-read-modify-write/shared-state.cases.js';
import { transactionWrapperCases } from './no-read-modify-write/transaction-wrappers.cases.js';
import { repositoryClassCases } from './no-read-modify-write/repository-classes.cases.js';
import { uniqueViolationHandlerCases } from './no-read-modify-write/unique-violation-handlers.cases.js';

runRuleCases('no-read-modify-write', rule, {
  databases: databaseCases,
  'database flows': databaseFlowCases,
  redis: redisCases,
  'shared in-memory state': sharedStateCases,
  'clients imported from the application': importedClientCases,
  'keep-or-set and toggles': keepOrSetCases,
  'transaction helpers of the application': transactionWrapperCases,
  'next number': nextNumberCases,
  'clients injected into services': injectedCases,
  'application repository classes over an ORM': repositoryClassCases,
  'next numbers whose create tells a unique violation apart': uniqueViolationHandlerCases,
});
