import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { alwaysExits, isFunction, skipTransparent, transparentParent, type FunctionNode } from './nodes.js';

/** A condition deciding whether an act runs, and on which outcome. */
export interface ControllingBranch {
  readonly test: TSESTree.Expression;
  /** The act runs when the test is truthy (`if` consequent, `&&`) or falsy (`else`, `||`, after an early exit). */
  readonly runsWhen: boolean | 'nullish';
}

/**
 * The conditions that decide whether `act` runs, innermost first, within `fn`: the tests of the `if`s and
 * `?:`s it sits in a branch of, the left operands of the `&&`/`||`/`??` it is the right operand of, and the
 * tests of earlier `if`s in an enclosing block that leave the block (`if (cached) return cached;`).
 */
export function controllingTests(
  act: TSESTree.Node,
  fn: FunctionNode | TSESTree.Program,
  options: { readonly nestedExits?: boolean } = {},
): TSESTree.Expression[] {
  return controllingBranches(act, fn, options).map((branch) => branch.test);
}

/** `controllingTests`, with the outcome of each test on which the act runs. */
export function controllingBranches(
  act: TSESTree.Node,
  fn: FunctionNode | TSESTree.Program,
  options: { readonly nestedExits?: boolean } = {},
): ControllingBranch[] {
  const branches: ControllingBranch[] = [];
  let child: TSESTree.Node = act;
  for (let current = act.parent; current && current !== fn; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== current.test) branches.push({ test: current.test, runsWhen: child === current.consequent });
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === current.right) branches.push({ test: current.left, runsWhen: current.operator === '&&' ? true : current.operator === '||' ? false : 'nullish' });
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.SwitchCase: {
        const statements = current.type === AST_NODE_TYPES.BlockStatement ? current.body : current.consequent;
        const index = statements.indexOf(child as TSESTree.Statement);
        for (let i = index - 1; i >= 0; i--) {
          const earlier = statements[i]!;
          if (earlier.type !== AST_NODE_TYPES.IfStatement) continue;
          // what follows runs on the outcome whose branch does not leave
          if (alwaysExits(earlier.consequent)) branches.push({ test: earlier.test, runsWhen: false });
          else if (earlier.alternate && alwaysExits(earlier.alternate)) branches.push({ test: earlier.test, runsWhen: true });
          else if (options.nestedExits) branches.push(...nestedExits(earlier));
        }
        break;
      }
      default:
        if (isFunction(current)) return branches; // defensive: `fn` should be the first function met
        break;
    }
  }
  return branches;
}

/**
 * The exits nested in the branches of an earlier `if` (`if (strict) { if (taken) throw … }`, `else if (taken)
 * return`): on the paths through them, what follows runs only on the outcome that does not leave. Loops and
 * `switch`es are not entered: a `break` there leaves only them.
 */
function nestedExits(statement: TSESTree.IfStatement): ControllingBranch[] {
  const out: ControllingBranch[] = [];
  const visit = (node: TSESTree.Statement | null): void => {
    if (!node) return;
    if (node.type === AST_NODE_TYPES.BlockStatement) node.body.forEach(visit);
    else if (node.type === AST_NODE_TYPES.IfStatement) {
      if (exitsOutward(node.consequent)) out.push({ test: node.test, runsWhen: false });
      else if (node.alternate && exitsOutward(node.alternate)) out.push({ test: node.test, runsWhen: true });
      visit(node.consequent);
      visit(node.alternate);
    }
  };
  visit(statement.consequent);
  visit(statement.alternate);
  return out;
}

/** `return` or `throw` (not `break`/`continue`, which may leave only a loop around the `if`). */
const exitsOutward = (statement: TSESTree.Statement): boolean =>
  statement.type === AST_NODE_TYPES.ReturnStatement ||
  statement.type === AST_NODE_TYPES.ThrowStatement ||
  (statement.type === AST_NODE_TYPES.BlockStatement && statement.body.some(exitsOutward));

/** Wrappers that keep a value: `(x as T)`, `x!`, `x satisfies T`, `<T>x`. */
const VALUE_WRAPPERS = new Set<string>([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

/**
 * Every identifier, member access and call evaluated by `expression` itself: not in nested functions, and
 * not in type positions (`typeof x` in a type annotation reads nothing at run time).
 */
export function valueReads(expression: TSESTree.Node): (TSESTree.Identifier | TSESTree.MemberExpression | TSESTree.CallExpression | TSESTree.BinaryExpression)[] {
  const out: (TSESTree.Identifier | TSESTree.MemberExpression | TSESTree.CallExpression | TSESTree.BinaryExpression)[] = [];
  const visit = (node: TSESTree.Node | null | undefined): void => {
    if (!node || isFunction(node)) return;
    if (VALUE_WRAPPERS.has(node.type)) {
      visit((node as TSESTree.TSAsExpression).expression);
      return;
    }
    if (node.type.startsWith('TS')) return;
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        out.push(node);
        return;
      case AST_NODE_TYPES.MemberExpression:
        out.push(node);
        visit(node.object);
        if (node.computed) visit(node.property);
        return;
      case AST_NODE_TYPES.CallExpression:
        out.push(node);
        visit(node.callee);
        node.arguments.forEach(visit);
        return;
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator === 'in') out.push(node);
        visit(node.left);
        visit(node.right);
        return;
      case AST_NODE_TYPES.Property:
        if (node.computed) visit(node.key);
        visit(node.value);
        return;
      default:
        for (const [key, value] of Object.entries(node)) {
          if (key === 'parent' || key === 'loc' || key === 'range' || key === 'typeAnnotation' || key === 'typeArguments') continue;
          if (Array.isArray(value)) value.forEach((element) => isNode(element) && visit(element));
          else if (isNode(value)) visit(value);
        }
    }
  };
  visit(expression);
  return out;
}

const isNode = (value: unknown): value is TSESTree.Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/**
 * Whether the act guarded by `branch` runs when `read` is absent (unset, `undefined`, `null`, falsy): `!x` or
 * `x == null` on the truthy outcome, `x` itself or `x != null` on the falsy one (`if (x) return x;`,
 * `x || init()`), and `??`. Undefined when the read is not a presence test (`count < 10`).
 */
export function runsWhenAbsent(read: TSESTree.Node, branch: ControllingBranch): boolean | undefined {
  let node: TSESTree.Node = read;
  while (node.parent && (VALUE_WRAPPERS.has(node.parent.type) || node.parent.type === AST_NODE_TYPES.ChainExpression)) node = node.parent;
  if (branch.runsWhen === 'nullish') return node === skipWrappers(branch.test) || node === branch.test ? true : undefined;
  const parent = node.parent;
  let testsPresence: boolean | undefined;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') testsPresence = false;
  else if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof') {
    const comparison = parent.parent;
    testsPresence =
      comparison?.type === AST_NODE_TYPES.BinaryExpression && ['!==', '!='].includes(comparison.operator) ? true : comparison?.type === AST_NODE_TYPES.BinaryExpression ? false : undefined;
  } else if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(parent.operator)) {
    const other = parent.left === node ? parent.right : parent.left;
    const absentValue =
      (other.type === AST_NODE_TYPES.Literal && other.value === null) ||
      (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined') ||
      (other.type === AST_NODE_TYPES.UnaryExpression && other.operator === 'void');
    testsPresence = absentValue ? parent.operator.startsWith('!') : undefined;
  } else if (
    parent?.type === AST_NODE_TYPES.LogicalExpression ||
    parent?.type === AST_NODE_TYPES.IfStatement ||
    parent?.type === AST_NODE_TYPES.ConditionalExpression ||
    node === branch.test
  ) {
    testsPresence = true; // `if (x)`, `x && …`, `x || …`: truthiness
  }
  return testsPresence === undefined ? undefined : testsPresence !== branch.runsWhen;
}

const skipWrappers = (node: TSESTree.Node): TSESTree.Node => {
  let current = node;
  while (VALUE_WRAPPERS.has(current.type) || current.type === AST_NODE_TYPES.ChainExpression) current = (current as TSESTree.TSAsExpression).expression;
  return current;
};

/**
 * The outermost presence test of `value` that keeps its meaning as a condition: `!value`, `!!value`,
 * `Boolean(value)`, `value !== null`, `value > 0` (a count against a number). `value` itself when none.
 */
export function presenceTestOf(value: TSESTree.Node): TSESTree.Node {
  let current = value;
  for (;;) {
    const { node, parent } = transparentParent(current);
    if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') current = parent;
    else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.length === 1 && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Boolean') current = parent;
    else if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['===', '!==', '==', '!=', '>', '>=', '<', '<='].includes(parent.operator)) {
      const other = skipTransparent(parent.left === node ? parent.right : parent.left);
      const constant =
        (other.type === AST_NODE_TYPES.Literal && (other.value === null || typeof other.value === 'number')) ||
        (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined');
      if (!constant) return current;
      current = parent;
    } else return current;
  }
}
