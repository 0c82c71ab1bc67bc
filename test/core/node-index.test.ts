import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import type { FileContext } from '../../src/core/file-context.js';
import { nodesOfType } from '../../src/core/recognize/modules.js';

const code = `import { readFile } from 'node:fs/promises';
export class Cache {
  private readonly entries = new Map<string, Promise<string>>();
  get(key: string): Promise<string> {
    return this.entries.get(key) ?? load(key, async () => (await readFile(key, 'utf8')).trim());
  }
}
function load(key: string, read: () => Promise<string>) {
  return read().then((text) => { if (!text) throw new Error(key); return text; });
}
const tag = String.raw\`x\${load('a', () => import('node:os').then(String))}\`;
`;

/** The file as the rules see it, and the same file whose SourceCode has no `traverse()` (older ESLint 9). */
function fileContexts(): { withSteps: FileContext; withoutSteps: FileContext } {
  let file: FileContext | undefined;
  probe(code, (context) => ({ 'Program:exit': () => void (file = context) }));
  const withSteps = file!;
  const sourceCode = Object.create(withSteps.sourceCode, { traverse: { value: undefined } }) as FileContext['sourceCode'];
  return { withSteps, withoutSteps: { ...withSteps, sourceCode, memo: new Map() } };
}

const describeNodes = (file: FileContext): Record<string, string[]> =>
  Object.fromEntries(
    ([
      AST_NODE_TYPES.CallExpression,
      AST_NODE_TYPES.ArrowFunctionExpression,
      AST_NODE_TYPES.FunctionDeclaration,
      AST_NODE_TYPES.ClassDeclaration,
      AST_NODE_TYPES.TaggedTemplateExpression,
      AST_NODE_TYPES.ImportExpression,
    ] as const).map((type) => [type, nodesOfType(file, type).map((node) => file.sourceCode.getText(node).slice(0, 24))]),
  );

describe('nodesOfType', () => {
  it('lists the nodes of a type in tree order, outer before inner, from ESLint\u2019s traversal or its own walk alike', () => {
    const { withSteps, withoutSteps } = fileContexts();
    expect(describeNodes(withSteps)).toEqual({
      CallExpression: [
        'this.entries.get(key)',
        'load(key, async () => (a',
        "(await readFile(key, 'ut",
        "readFile(key, 'utf8')",
        'read().then((text) => { ',
        'read()',
        "load('a', () => import('",
        "import('node:os').then(S",
      ],
      ArrowFunctionExpression: ['async () => (await readF', '(text) => { if (!text) t', "() => import('node:os')."],
      FunctionDeclaration: ['function load(key: strin'],
      ClassDeclaration: ['class Cache {\n  private '],
      TaggedTemplateExpression: ["String.raw`x${load('a', "],
      ImportExpression: ["import('node:os')"],
    });
    expect(describeNodes(withoutSteps)).toEqual(describeNodes(withSteps));
  });
});
