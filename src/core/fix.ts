import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, skipTransparent } from './analysis/nodes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The whitespace that starts the line of `node`. */
export function indentOf(sourceCode: SourceCode, node: TSESTree.Node): string {
  return /^\s*/.exec(sourceCode.lines[node.loc.start.line - 1] ?? '')?.[0] ?? '';
}

/** One level of indentation as the file writes it: a tab, or the smallest run of leading spaces. */
export function indentUnit(sourceCode: SourceCode): string {
  let smallest = Infinity;
  for (const line of sourceCode.lines) {
    if (line.startsWith('\t')) return '\t';
    // ` * ` lines of block comments are aligned by one space, not indented.
    const spaces = /^( +)[^\s*]/.exec(line)?.[1]?.length;
    if (spaces !== undefined && spaces < smallest) smallest = spaces;
  }
  return ' '.repeat(Number.isFinite(smallest) ? Math.min(smallest, 8) : 2);
}

/**
 * A test for one `errno` code that type-checks in strict TypeScript (`catch` variables are `unknown`) and is
 * plain JavaScript too: `error instanceof Error && 'code' in error && error.code === 'ENOENT'`.
 */
export const errnoTest = (variable: string, code: string): string =>
  `${variable} instanceof Error && 'code' in ${variable} && ${variable}.code === '${code}'`;

/** A catch-clause variable name that the wrapped code does not use. */
export function freshName(sourceCode: SourceCode, around: TSESTree.Node, base: string): string {
  const text = sourceCode.getText(around);
  let name = base;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(text); i++) name = `${base}${i}`;
  return name;
}

/**
 * `try { <statements> } catch (error) { if (!(<errno test>)) throw error; }` at the indentation of `anchor`,
 * re-indenting the wrapped statements one level deeper.
 */
export function tryIgnoringErrno(
  sourceCode: SourceCode,
  anchor: TSESTree.Node,
  statements: readonly TSESTree.Node[],
  code: string,
  textOf: (statement: TSESTree.Node) => string = (statement) => sourceCode.getText(statement),
): string {
  const indent = indentOf(sourceCode, anchor);
  const unit = indentUnit(sourceCode);
  const error = freshName(sourceCode, anchor, 'error');
  const body = statements.map((statement) => reindent(sourceCode, statement, `${indent}${unit}`, textOf(statement))).join('\n');
  return [
    'try {',
    body,
    `${indent}} catch (${error}) {`,
    `${indent}${unit}if (!(${errnoTest(error, code)})) throw ${error};`,
    `${indent}}`,
  ].join('\n');
}

/** The text of `node` (or `text` standing in its place) with its lines moved to start at `indent`. */
export function reindent(sourceCode: SourceCode, node: TSESTree.Node, indent: string, text = sourceCode.getText(node)): string {
  const original = indentOf(sourceCode, node);
  const lines = text.split('\n');
  return lines
    .map((line, i) => (i === 0 ? `${indent}${line}` : line.startsWith(original) ? `${indent}${line.slice(original.length)}` : line))
    .join('\n');
}

/**
 * The call's text with `key: value` set in its options argument: a new object when the argument is absent,
 * `{ encoding: 'utf8', key: value }` when it is an encoding string, a property added when it is an object
 * literal. Undefined when the options are anything else (a variable, a spread): the fix cannot know them.
 */
export function callWithOption(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression,
  optionsIndex: number,
  key: string,
  value: string,
): string | undefined {
  const args = call.arguments;
  const calleeAndOpen = sourceCode.text.slice(call.range[0], args[0] ? args[0].range[0] : call.range[1] - 1);
  const argTexts = args.map((argument) => sourceCode.getText(argument));
  if (args.length < optionsIndex) return undefined;
  const options = args[optionsIndex] ? skipTransparent(args[optionsIndex]) : undefined;
  if (!options) {
    argTexts.push(`{ ${key}: ${value} }`);
  } else if (options.type === AST_NODE_TYPES.Literal && typeof options.value === 'string') {
    argTexts[optionsIndex] = `{ encoding: ${sourceCode.getText(options)}, ${key}: ${value} }`;
  } else if (options.type === AST_NODE_TYPES.ObjectExpression && options.properties.every((p) => p.type === AST_NODE_TYPES.Property)) {
    if (options.properties.some((p) => p.type === AST_NODE_TYPES.Property && propertyKey(p) === key)) return undefined;
    const inner = options.properties.map((p) => sourceCode.getText(p));
    argTexts[optionsIndex] = `{ ${[...inner, `${key}: ${value}`].join(', ')} }`;
  } else {
    return undefined;
  }
  return `${calleeAndOpen}${argTexts.join(', ')})`;
}

export function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
  return undefined;
}

/** `statement`'s text with `inner` (a node inside it) replaced by `replacement`. */
export function replaceWithin(sourceCode: SourceCode, statement: TSESTree.Node, inner: TSESTree.Node, replacement: string): string {
  const text = sourceCode.getText(statement);
  return `${text.slice(0, inner.range[0] - statement.range[0])}${replacement}${text.slice(inner.range[1] - statement.range[0])}`;
}

/** True when removing `outer` but keeping `kept` would lose a comment: then a fix must not be automatic. */
export function wouldLoseComments(sourceCode: SourceCode, outer: TSESTree.Node, kept: readonly TSESTree.Node[]): boolean {
  return sourceCode
    .getCommentsInside(outer)
    .some((comment) => !kept.some((node) => node.range[0] <= comment.range[0] && comment.range[1] <= node.range[1]));
}

/**
 * Removes the import or destructured `require` of `identifier`'s binding when every use of it lies in
 * `removed`: a fix that deletes a check also deletes the import it leaves unused.
 */
export function removeBindingIfUnused(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
  identifier: TSESTree.Node,
  removed: TSESTree.Node,
): TSESLint.RuleFix[] {
  const callee = skipTransparent(identifier);
  if (callee.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = ASTUtils.findVariable(sourceCode.getScope(callee), callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition) return [];
  if (!variable.references.every((reference) => reference.init === true || contains(removed, reference.identifier))) return [];
  if (definition.type === 'ImportBinding' && definition.node.type === AST_NODE_TYPES.ImportSpecifier) {
    const declaration = definition.parent as TSESTree.ImportDeclaration;
    return [removeListElement(fixer, sourceCode, definition.node, declaration.specifiers, declaration)];
  }
  if (definition.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.ObjectPattern) {
    const pattern = definition.node.id;
    const property = pattern.properties.find((candidate) => contains(candidate, definition.name));
    const declaration = definition.parent;
    if (!property || declaration.declarations.length !== 1) return [];
    return [removeListElement(fixer, sourceCode, property, pattern.properties, declaration)];
  }
  return [];
}

/** Removes `element` and one adjacent comma; the whole `statement` (and its line) when it is the only one. */
function removeListElement(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
  element: TSESTree.Node,
  list: readonly TSESTree.Node[],
  statement: TSESTree.Node,
): TSESLint.RuleFix {
  if (list.length === 1) {
    const lineEnd = sourceCode.text.indexOf('\n', statement.range[1]);
    const end = lineEnd !== -1 && sourceCode.text.slice(statement.range[1], lineEnd).trim() === '' ? lineEnd + 1 : statement.range[1];
    return fixer.removeRange([statement.range[0], end]);
  }
  const index = list.indexOf(element);
  const next = list[index + 1];
  if (next) return fixer.removeRange([element.range[0], next.range[0]]);
  const previous = list[index - 1]!;
  return fixer.removeRange([previous.range[1], element.range[1]]);
}
