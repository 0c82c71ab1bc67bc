import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { suspensionsBetween, suspensionsOf, type Suspension } from '../analysis/awaits.js';
import { valueReads } from '../analysis/conditions.js';
import { enclosingFunction, isFunction, propertyName, skipTransparent, type FunctionNode } from '../analysis/nodes.js';
import { describeSharedKind, sameState, sharedStateOf, type SharedStateOptions } from '../analysis/shared-state.js';
import { reportWithSteps } from '../report-steps.js';
import { memoize, getFileContext, type FileContext } from '../file-context.js';
import { freshName, indentOf } from '../fix.js';
import { isInsideHeldLock } from '../recognize/locks.js';

export const sharedReadModifyWriteMessages = {
  sharedReadModifyWrite:
    '{{kind}} `{{name}}` is read before the `await` on line {{line}} and written after it: changes made by concurrent calls in between are lost. Await first, then update it in one synchronous step.',
  suggestAwaitFirst: 'Await first, then update `{{name}}` in one synchronous step.',
} as const;

type MessageId = keyof typeof sharedReadModifyWriteMessages;
type Context = Readonly<TSESLint.RuleContext<MessageId, readonly [SharedStateOptions?, ...unknown[]]>>;

/** Compound assignments that read their target first (`??=`, `||=`, `&&=` are check-then-act instead). */
const ARITHMETIC_ASSIGNMENTS = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=']);

/**
 * The in-memory half of `race/no-read-modify-write`: a write to state shared between concurrent calls whose
 * value was computed from a read of the same state made before an `await` (`total = total + await price()`,
 * `this.count += await delta()`, `const n = count; await save(); count = n + 1`). A read after the last
 * `await` is fresh, and a read, modify and write with no `await` between is atomic in JavaScript.
 */
export function sharedReadModifyWrite(context: Context): TSESLint.RuleListener {
  const file = getFileContext(context);
  const singletonTypes = context.options[0]?.singletonTypes ?? [];
  return {
    AssignmentExpression(node) {
      const fn = enclosingFunction(node);
      if (fn.type === AST_NODE_TYPES.Program || !(fn.async || fn.generator)) return;
      if (!suspensionsOf(file, fn).some((suspension) => suspension.at <= node.range[1])) return;
      const target = skipTransparent(node.left);
      if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.MemberExpression) return;
      const found = staleRead(file, fn, node, target);
      if (!found) return;
      const shared = sharedStateOf(file, target, singletonTypes);
      if (!shared || isInsideHeldLock(file, node)) return;
      // A closure returned or stored may be called once, or in sequence: as for a check-then-act, only
      // closures whose calls are known to overlap (`map`, listeners, `setInterval`) are reported.
      if (shared.kind === 'closure' && shared.overlap !== 'known') return;
      const name = describe(file, target);
      const fix = found.inline ? awaitFirst(file, fn, node, target, found.suspensions) : undefined;
      const line = String(found.suspensions[0]!.node.loc.start.line);
      reportWithSteps(
        context,
        {
          node,
          messageId: 'sharedReadModifyWrite',
          data: { kind: capitalise(describeSharedKind(shared.kind)), name, line },
          ...(fix?.exact ? { fix: fix.fix } : fix ? { suggest: [{ messageId: 'suggestAwaitFirst', data: { name }, fix: fix.fix }] } : {}),
        },
        {
          check: { node: found.read, label: `reads \`${name}\`, then awaits (line ${line})` },
          act: { node, label: `writes \`${name}\` from the value it read before the \`await\`` },
        },
      );
    },
  };
}

interface StaleRead {
  /** The read of the state that the written value comes from. */
  readonly read: TSESTree.Node;
  readonly suspensions: readonly Suspension[];
  /** The read is in the assignment itself (`x = x + await f()`, `x += await f()`), not through a local. */
  readonly inline: boolean;
}

/** The suspensions between a read of `target` that the written value depends on, and the write. */
function staleRead(file: FileContext, fn: FunctionNode, write: TSESTree.AssignmentExpression, target: TSESTree.Node): StaleRead | undefined {
  if (ARITHMETIC_ASSIGNMENTS.has(write.operator)) {
    const suspensions = suspensionsBetween(file, fn, write.left, write);
    return suspensions.length > 0 ? { read: write.left, suspensions, inline: true } : undefined;
  }
  if (write.operator !== '=') return undefined;
  for (const read of valueReads(write.right)) {
    if (!sameState(file, read, target)) continue;
    const suspensions = suspensionsBetween(file, fn, read, write).filter((suspension) => dependsThrough(read, suspension.node, write.right));
    if (suspensions.length > 0) return { read, suspensions, inline: true };
  }
  // Through a local: `const n = count; await save(); count = n + 1;`, `const next = await f(state); state = next;`.
  // Writing back exactly what was read (`const p = obj.prop; await 0; obj.prop = p;`) restores, it loses nothing.
  const value = skipTransparent(write.right);
  const aliases = value.type === AST_NODE_TYPES.Identifier ? [value] : modifiedAliases(write.right);
  for (const alias of aliases) {
    const init = localInit(file, alias, fn);
    if (!init) continue;
    if (alias === value && sameState(file, skipTransparent(init), target)) continue;
    for (const read of valueReads(init)) {
      if (!sameState(file, read, target)) continue;
      const suspensions = suspensionsBetween(file, fn, read, write);
      if (suspensions.length > 0) return { read, suspensions, inline: false };
    }
  }
  return undefined;
}

/**
 * The written value depends on both the read and the suspension's result: they are not in the two arms of
 * a `?:`, and the read is not only the left operand of `||`/`??`/`&&` deciding whether to await (that is a
 * lazy initialisation, reported by no-check-then-act).
 */
function dependsThrough(read: TSESTree.Node, suspension: TSESTree.Node, value: TSESTree.Node): boolean {
  for (let current = read.parent; current && current !== value.parent; current = current.parent) {
    const holds = current.range[0] <= suspension.range[0] && suspension.range[1] <= current.range[1];
    if (!holds) continue;
    if (current.type === AST_NODE_TYPES.ConditionalExpression) {
      const inConsequent = (node: TSESTree.Node) => current.consequent.range[0] <= node.range[0] && node.range[1] <= current.consequent.range[1];
      const inAlternate = (node: TSESTree.Node) => current.alternate.range[0] <= node.range[0] && node.range[1] <= current.alternate.range[1];
      if ((inConsequent(read) && inAlternate(suspension)) || (inAlternate(read) && inConsequent(suspension))) return false;
    }
    if (current.type === AST_NODE_TYPES.LogicalExpression && skipTransparent(current.left) === read) return false;
    return true;
  }
  return true;
}

/** Locals modified into the written value: operands of arithmetic, or spread into a new object or array. */
function modifiedAliases(value: TSESTree.Node): TSESTree.Identifier[] {
  const expression = skipTransparent(value);
  const out: TSESTree.Identifier[] = [];
  const add = (node: TSESTree.Node | null): void => {
    const operand = node && skipTransparent(node);
    if (operand?.type === AST_NODE_TYPES.Identifier) out.push(operand);
  };
  if (expression.type === AST_NODE_TYPES.BinaryExpression) {
    add(expression.left);
    add(expression.right);
  }
  if (expression.type === AST_NODE_TYPES.ObjectExpression || expression.type === AST_NODE_TYPES.ArrayExpression) {
    for (const element of expression.type === AST_NODE_TYPES.ObjectExpression ? expression.properties : expression.elements) {
      if (element?.type === AST_NODE_TYPES.SpreadElement) add(element.argument);
    }
  }
  return out;
}

/** The initialiser of a `const` (or never reassigned `let`) declared in `fn` itself. */
function localInit(file: FileContext, identifier: TSESTree.Identifier, fn: FunctionNode): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (variable?.defs.length !== 1 || definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (variable.scope.variableScope.block !== fn) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return definition.node.init ?? undefined;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function describe(file: FileContext, node: TSESTree.Node): string {
  const text = file.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Nodes that evaluate without running user code of note: no calls, no assignments, no `new`. */
const QUIET_NODES = new Set<string>([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.SpreadElement,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

interface Rewrite {
  readonly exact: boolean;
  readonly fix: TSESLint.ReportFixFunction;
}

/**
 * `total = total + await price();` → `const delta = await price(); total = total + delta;`: the awaited value
 * first, then the read, modify and write in one synchronous step. In a run without a concurrent actor this
 * changes only when `total` is read — unless the awaited call itself changes `total`, so the fix is automatic
 * only when no other function of the file writes the same state (otherwise it is a suggestion). The await
 * must be the only thing evaluated out of order: everything else in the statement is a plain read.
 */
function awaitFirst(
  file: FileContext,
  fn: FunctionNode,
  write: TSESTree.AssignmentExpression,
  target: TSESTree.Identifier | TSESTree.MemberExpression,
  suspensions: readonly Suspension[],
): Rewrite | undefined {
  const { sourceCode } = file;
  const statement = write.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const list = statement.parent;
  // Not in a `case`: a `const` there is visible to the other cases (and a lint error of its own).
  if (list?.type !== AST_NODE_TYPES.BlockStatement && list?.type !== AST_NODE_TYPES.Program) return undefined;
  const awaited = suspensions[0]!.node;
  if (awaited.type !== AST_NODE_TYPES.AwaitExpression || suspensionsOf(file, fn).filter((s) => write.range[0] <= s.node.range[0] && s.node.range[1] <= write.range[1]).length !== 1) {
    return undefined;
  }
  if (!(write.right.range[0] <= awaited.range[0]) || !quietExcept(write, awaited)) return undefined;
  // `x = await f(x)`: the read is inside the awaited call; moving the await first would not move the read.
  if (valueReads(awaited).some((read) => sameState(file, read, target))) return undefined;

  const additive = write.operator === '+=' || write.operator === '-=' || /^[-+]$/.test(binaryOperatorAround(awaited) ?? '');
  const name = freshName(sourceCode, fn, additive ? 'delta' : 'value');
  const replaced = parenthesisedRange(file, awaited);
  const indent = indentOf(sourceCode, statement);
  const exact = !writtenElsewhere(file, fn, target);
  return {
    exact,
    fix: (fixer) => [
      fixer.insertTextBefore(statement, `const ${name} = ${sourceCode.getText(awaited)};\n${indent}`),
      fixer.replaceTextRange(replaced, name),
    ],
  };
}

/** Everything `write` evaluates, apart from the `await` subtree, is a plain read or operator. */
function quietExcept(write: TSESTree.AssignmentExpression, awaited: TSESTree.Node): boolean {
  let quiet = true;
  const visit = (node: TSESTree.Node): void => {
    if (!quiet || node === awaited) return;
    if (node !== write && !QUIET_NODES.has(node.type)) {
      quiet = false;
      return;
    }
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') quiet = false;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'typeAnnotation') continue;
      if (Array.isArray(value)) for (const element of value) if (isNode(element)) visit(element);
      if (isNode(value)) visit(value);
    }
  };
  visit(write);
  return quiet;
}

const isNode = (value: unknown): value is TSESTree.Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && !Array.isArray(value);

function binaryOperatorAround(node: TSESTree.Node): string | undefined {
  let current = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSNonNullExpression)) current = current.parent;
  return current.parent?.type === AST_NODE_TYPES.BinaryExpression ? current.parent.operator : undefined;
}

/** The range of `node` with the parentheses around it, which become redundant around a name. */
function parenthesisedRange(file: FileContext, node: TSESTree.Node): [number, number] {
  let range: [number, number] = [node.range[0], node.range[1]];
  let depth = 1;
  while (ASTUtils.isParenthesized(depth, node, file.sourceCode)) depth++;
  for (let i = 1; i < depth; i++) {
    const before = file.sourceCode.getTokenBefore({ range } as TSESTree.Node);
    const after = file.sourceCode.getTokenAfter({ range } as TSESTree.Node);
    if (!before || !after) break;
    range = [before.range[0], after.range[1]];
  }
  return range;
}

/**
 * True when a function other than `fn` writes the same state: the awaited call might be that function, and
 * moving the read after it would then change the result even without a concurrent caller.
 */
function writtenElsewhere(file: FileContext, fn: FunctionNode, target: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(file.sourceCode.getScope(target), target);
    if (!variable) return true;
    return variable.references.some((reference) => reference.isWrite() && !reference.init && !insideFunction(reference.identifier, fn));
  }
  const key = memberKey(file, target);
  return memberWrites(file).some((write) => write.key === key && !insideFunction(write.node, fn));
}

const insideFunction = (node: TSESTree.Node, fn: FunctionNode): boolean => {
  for (let current = node.parent; current; current = current.parent) {
    if (current === fn) return true;
    if (isFunction(current)) return false;
  }
  return false;
};

/** A member's write key: its property name, or `[]` and its object's text when computed. */
function memberKey(file: FileContext, member: TSESTree.MemberExpression): string {
  return propertyName(member) ?? `[]${file.sourceCode.getText(skipTransparent(member.object))}`;
}

function memberWrites(file: FileContext): { key: string; node: TSESTree.Node }[] {
  return memoize(file, 'shared-state:member-writes', () => {
    const out: { key: string; node: TSESTree.Node }[] = [];
    const visitorKeys = file.sourceCode.visitorKeys as Readonly<Record<string, readonly string[] | undefined>>;
    const stack: TSESTree.Node[] = [file.program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const target =
        node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.type === AST_NODE_TYPES.UpdateExpression ? node.argument : undefined;
      const member = target && skipTransparent(target);
      if (member?.type === AST_NODE_TYPES.MemberExpression) out.push({ key: memberKey(file, member), node });
      for (const key of visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) for (const element of child) if (isNode(element)) stack.push(element);
        if (isNode(child)) stack.push(child);
      }
    }
    return out;
  });
}
