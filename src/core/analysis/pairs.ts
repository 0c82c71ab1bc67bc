import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { awaitedParent, enclosingFunction } from './nodes.js';

/** How the pairing tells calls apart, from the cheapest test to the costliest. */
export interface PairTests {
  /** Named like a database operation: syntax alone. */
  readonly isNamedLikeDatabaseCall: (call: TSESTree.CallExpression) => boolean;
  /** Named like a database read or check (not `insert`, `update`...): syntax alone. */
  readonly isNamedLikeDatabaseRead: (call: TSESTree.CallExpression) => boolean;
  /** Runs a function whose own calls include one named like a database operation: resolves the callee. */
  readonly runsDatabaseNamedCall: (call: TSESTree.CallExpression) => boolean;
  /** Runs a function whose own calls include one named like a database read: resolves the callee. */
  readonly runsDatabaseReadNamedCall: (call: TSESTree.CallExpression) => boolean;
  /** Reads or checks rows: the type checker's classification. */
  readonly isRead: (call: TSESTree.CallExpression) => boolean;
  /** A call whose result is unused but whose function throws on what it read (`await assertAvailable(email);`). */
  readonly isGuardStatement?: (call: TSESTree.CallExpression) => boolean;
}

/**
 * The calls among `candidates` that can form a read-then-write pair: a read whose result the code goes on to
 * use, and the later calls in the same function (nested functions included) that may be database calls.
 * Check-then-act and read-modify-write need both halves, so only these calls are worth a question to the type
 * checker: on real code most calls stand alone (a repository method with one query, a cache `get` returned as
 * is), or are followed only by calls that cannot touch the database (a cache `put`, a mapper).
 *
 * The syntax decides first, then the callees' bodies; `isRead` is asked last. `candidates` may come in any
 * order.
 */
export function readThenLaterCalls(candidates: readonly TSESTree.CallExpression[], tests: PairTests): TSESTree.CallExpression[] {
  const mayBeDatabaseCall = (call: TSESTree.CallExpression): boolean => tests.isNamedLikeDatabaseCall(call) || tests.runsDatabaseNamedCall(call);
  const sorted = [...candidates].sort((a, b) => a.range[0] - b.range[0]);
  const paired = new Set<TSESTree.CallExpression>();
  sorted.forEach((first, index) => {
    const used = resultIsUsed(first);
    if (!used && !(tests.isGuardStatement && awaitedStatement(first))) return;
    const scope = enclosingFunction(first);
    const later: TSESTree.CallExpression[] = [];
    for (let next = index + 1; next < sorted.length; next++) {
      const candidate = sorted[next]!;
      if (candidate.range[0] > scope.range[1]) break;
      // A call inside the first one's arguments runs before it.
      if (candidate.range[0] >= first.range[1] && candidate.range[1] <= scope.range[1]) later.push(candidate);
    }
    if (later.length === 0 || !(tests.isNamedLikeDatabaseRead(first) || tests.runsDatabaseReadNamedCall(first))) return;
    if (!later.some(tests.isNamedLikeDatabaseCall) && !later.some(tests.runsDatabaseNamedCall)) return;
    if (!used && !tests.isGuardStatement!(first)) return;
    if (!tests.isRead(first)) return;
    paired.add(first);
    for (const call of later) if (mayBeDatabaseCall(call)) paired.add(call);
  });
  return [...paired].sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * The call's value (awaited or not) is bound, tested, passed on or chained: anything but a statement of its
 * own or the function's result, which no later code of the function can see.
 */
function resultIsUsed(call: TSESTree.CallExpression): boolean {
  const { node: value, parent } = awaitedParent(call);
  if (!parent || parent.type === AST_NODE_TYPES.ExpressionStatement || parent.type === AST_NODE_TYPES.ReturnStatement) return false;
  return !(parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === value);
}

/** `await call();` as a statement of its own. */
function awaitedStatement(call: TSESTree.CallExpression): boolean {
  const { node, parent } = awaitedParent(call);
  return parent?.type === AST_NODE_TYPES.ExpressionStatement && node.type === AST_NODE_TYPES.AwaitExpression;
}
