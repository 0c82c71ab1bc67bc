import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { alwaysExits, isFunction, type FunctionNode } from './nodes.js';

/**
 * The conditions that decide whether `act` runs, innermost first, within `fn`: the tests of the `if`s and
 * `?:`s it sits in a branch of, the left operands of the `&&`/`||`/`??` it is the right operand of, and the
 * tests of earlier `if`s in an enclosing block that leave the block (`if (cached) return cached;`).
 */
export function controllingTests(act: TSESTree.Node, fn: FunctionNode | TSESTree.Program): TSESTree.Expression[] {
  const tests: TSESTree.Expression[] = [];
  let child: TSESTree.Node = act;
  for (let current = act.parent; current && current !== fn; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== current.test) tests.push(current.test);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === current.right) tests.push(current.left);
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.SwitchCase: {
        const statements = current.type === AST_NODE_TYPES.BlockStatement ? current.body : current.consequent;
        const index = statements.indexOf(child as TSESTree.Statement);
        for (let i = index - 1; i >= 0; i--) {
          const earlier = statements[i]!;
          if (earlier.type === AST_NODE_TYPES.IfStatement && (alwaysExits(earlier.consequent) || (earlier.alternate && alwaysExits(earlier.alternate)))) {
            tests.push(earlier.test);
          }
        }
        break;
      }
      default:
        if (isFunction(current)) return tests; // defensive: `fn` should be the first function met
        break;
    }
  }
  return tests;
}

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
 * True when `read` is tested for being absent: `!x`, `x == null`, `x === undefined`, `typeof x === 'undefined'`,
 * `!m.has(k)`, or `x` itself as the test of an early exit (`if (x) return x;`).
 */
export function isAbsenceTest(read: TSESTree.Node, test: TSESTree.Expression): boolean {
  let node: TSESTree.Node = read;
  while (node.parent && VALUE_WRAPPERS.has(node.parent.type)) node = node.parent;
  if (node.parent?.type === AST_NODE_TYPES.ChainExpression) node = node.parent;
  const parent = node.parent;
  if (node === test) return true; // `if (x) return x;` — the early-exit test form
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') return true;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof') return true;
  if (parent.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(parent.operator)) {
    const other = parent.left === node ? parent.right : parent.left;
    return (
      (other.type === AST_NODE_TYPES.Literal && other.value === null) ||
      (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined') ||
      (other.type === AST_NODE_TYPES.UnaryExpression && other.operator === 'void')
    );
  }
  return parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === node && (parent.parent === test || parent === test);
}
