import rule from '../../rules/no-check-then-act.js';
import { runRuleCases } from '../rule-tester.js';
import { databaseCases } from './no-check-then-act/database.cases.js';
import { databaseFlowCases } from './no-check-then-act/database-flows.cases.js';
import { drizzleAndNamespaceCases } from './no-check-then-act/drizzle-and-namespaces.cases.js';
import { fileCases } from './no-check-then-act/files.cases.js';
import { realFlowCases } from './no-check-then-act/flows-real.cases.js';
import { immutableFieldCases } from './no-check-then-act/immutable-fields.cases.js';
import { injectedCases } from './no-check-then-act/injected.cases.js';
import { queryShapeCases } from './no-check-then-act/query-shapes.cases.js';
import { importedClientCases } from './no-check-then-act/imported-clients.cases.js';
import { appHelperCases } from './no-check-then-act/app-helpers.cases.js';
import { settledTransitionCases } from './no-check-then-act/settled-transitions.cases.js';
import { sharedStateCases } from './no-check-then-act/shared-state.cases.js';
import { startupCases } from './no-check-then-act/startup.cases.js';
import { repositoryClassCases } from './no-check-then-act/repository-classes.cases.js';
import { uniqueViolationHandlerCases } from './no-check-then-act/unique-violation-handlers.cases.js';

runRuleCases('no-check-then-act', rule, {
  'file system': fileCases,
  databases: databaseCases,
  'database flows': databaseFlowCases,
  'shared in-memory state': sharedStateCases,
  'clients imported from the application': importedClientCases,
  'fields written only at creation': immutableFieldCases,
  'helpers and keys as applications write them': appHelperCases,
  'settled transitions': settledTransitionCases,
  'clients injected into services': injectedCases,
  'Drizzle relational queries and CommonJS helper namespaces': drizzleAndNamespaceCases,
  'query shapes: Knex, RedBeanNode, TypeORM new entities': queryShapeCases,
  'start-up code': startupCases,
  'flows of real applications: copied keys, constant conditions': realFlowCases,
  'application repository classes over an ORM': repositoryClassCases,
  'creates whose catch tells a unique violation apart': uniqueViolationHandlerCases,
});
