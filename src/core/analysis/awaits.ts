import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../file-context.js';
import { isFunction, type FunctionNode } from './nodes.js';

/**
 * Where a function gives up control: other calls of it (and everything else) may run at that point.
 * `at` is the source offset at which control is given up — after the operand is evaluated (`await x`,
 * `yield x`), or after the iterable of a `for await` loop.
 */
export interface Suspension {
  readonly node: TSESTree.AwaitExpression | TSESTree.YieldExpression | TSESTree.ForOfStatement;
  readonly at: number;
}

/*
 * Why an AST walk and not ESLint's code-path analysis: the question is only asked about a few candidates per
 * file (a write to shared state in an async function, after a check or a read of the same state), so a
 * function's suspension points are collected once, on demand, and the path question is answered from the
 * structure between the two nodes (the other arm of a branch, an exit before the target, a `finally`).
 * Code-path analysis needs per-rule segment bookkeeping on every function of every file, candidates or not.
 * Measured (listener time, untyped, 300-file generated service project, best of 5): the two shared-state
 * patterns 14 ms in all; a bare code-path skeleton that only records segments and answers reachability 5 ms;
 * ESLint's require-atomic-updates 16 ms; parsing and traversal about 3 s. Both are negligible; the walk
 * answers the full question with no state kept between listeners.
 */
const suspensionCache = new WeakMap<TSESTree.Node, readonly Suspension[]>();

/** Every suspension point of `fn`'s own body (not of nested functions), in source order. */
export function suspensionsOf(file: FileContext, fn: FunctionNode | TSESTree.Program): readonly Suspension[] {
  let found = suspensionCache.get(fn);
  if (found) return found;
  const out: Suspension[] = [];
  const visitorKeys = file.sourceCode.visitorKeys as Readonly<Record<string, readonly string[] | undefined>>;
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression) {
      for (const key of visitorKeys[node.type] ?? []) visitChild((node as unknown as Record<string, unknown>)[key]);
      out.push({ node, at: node.range[1] });
      return;
    }
    if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) out.push({ node, at: node.right.range[1] });
    for (const key of visitorKeys[node.type] ?? []) visitChild((node as unknown as Record<string, unknown>)[key]);
  };
  const visitChild = (child: unknown): void => {
    if (Array.isArray(child)) {
      for (const element of child) if (element && typeof (element as TSESTree.Node).type === 'string') visit(element as TSESTree.Node);
    } else if (child && typeof (child as TSESTree.Node).type === 'string') {
      visit(child as TSESTree.Node);
    }
  };
  visit(fn);
  found = out.sort((a, b) => a.at - b.at);
  suspensionCache.set(fn, found);
  return found;
}

/**
 * The suspension points that may run after `from` has been evaluated and before `to` completes, on some
 * path from one to the other within `fn`: after `from`'s end, up to `to`'s end (an `await` inside the
 * right-hand side of an assignment runs before the assignment), and not in a branch that cannot lead to
 * `to` (the other arm of an `if`, or a block that returns or throws first).
 */
export function suspensionsBetween(
  file: FileContext,
  fn: FunctionNode | TSESTree.Program,
  from: TSESTree.Node | number,
  to: TSESTree.Node,
): Suspension[] {
  const start = typeof from === 'number' ? from : from.range[1];
  return suspensionsOf(file, fn).filter(
    (suspension) => suspension.at > start && suspension.at <= to.range[1] && mayLeadTo(suspension.node, to),
  );
}

/** True when the function body of `fn` gives up control anywhere inside `node`. */
export function suspendsWithin(file: FileContext, fn: FunctionNode | TSESTree.Program, node: TSESTree.Node): boolean {
  return suspensionsOf(file, fn).some((suspension) => node.range[0] <= suspension.node.range[0] && suspension.node.range[1] <= node.range[1]);
}

/** Whether execution can continue from `from` to `to` (which comes later in the source). */
function mayLeadTo(from: TSESTree.Node, to: TSESTree.Node): boolean {
  if (inFinallyAfter(from, to)) return true;
  let child: TSESTree.Node = from;
  for (let current = from.parent; current; child = current, current = current.parent) {
    const holdsTo = current.range[0] <= to.range[0] && to.range[1] <= current.range[1];
    if (holdsTo) {
      // the lowest common ancestor: the two arms of a branch exclude each other
      if (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) {
        const arms = [current.consequent, current.alternate];
        const armOf = (node: TSESTree.Node) => arms.findIndex((arm) => arm && arm.range[0] <= node.range[0] && node.range[1] <= arm.range[1]);
        const fromArm = armOf(from);
        const toArm = armOf(to);
        if (fromArm !== -1 && toArm !== -1 && fromArm !== toArm) return false;
      }
      return true;
    }
    const statements = statementList(current);
    if (statements) {
      const index = statements.indexOf(child as TSESTree.Statement);
      if (index !== -1 && statements.slice(index).some(returnsOrThrows)) return false;
    }
  }
  return true;
}

/** `to` is in the `finally` of a `try` whose block or `catch` holds `from`: it runs however that block ends. */
function inFinallyAfter(from: TSESTree.Node, to: TSESTree.Node): boolean {
  for (let current = from.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.TryStatement &&
      current.finalizer &&
      current.finalizer.range[0] <= to.range[0] &&
      to.range[1] <= current.finalizer.range[1] &&
      from.range[1] <= current.finalizer.range[0]
    ) {
      return true;
    }
  }
  return false;
}

function statementList(node: TSESTree.Node): readonly TSESTree.Statement[] | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
      return node.body as TSESTree.Statement[];
    case AST_NODE_TYPES.SwitchCase:
      return node.consequent;
    default:
      return undefined;
  }
}

/** Never completes normally and never reaches code after it in the function: `return`, `throw`. */
function returnsOrThrows(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some(returnsOrThrows);
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && returnsOrThrows(statement.consequent) && returnsOrThrows(statement.alternate);
    default:
      return false;
  }
}
