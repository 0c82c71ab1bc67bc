import type { TSESTree } from '@typescript-eslint/utils';
import * as typeUtils from '@typescript-eslint/type-utils';
import type ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import { typeMatchesSpecifier, typeOrValueSpecifiersSchema, type TypeOrValueSpecifier } from '../../src/core/recognize/type-specifiers.js';

// The values whose types are matched: each import style and declaration place the catalogue meets.
const CODE = `import { Redis, Cluster } from 'ioredis';
import Redlock from 'redlock';
import { EventEmitter } from 'node:events';
import type { Request } from 'express';
import { InventoryStore } from 'inventory-store';
import { CacheClient } from 'cache-facade';
declare function probe(...values: unknown[]): void;
class Local {}
declare const redis: Redis;
declare const either: Redis | Cluster;
declare const tagged: Redis & { readonly tag: 'primary' };
declare const redlock: Redlock;
declare const emitter: EventEmitter;
declare const request: Request;
declare const store: InventoryStore;
declare const cache: CacheClient;
declare const local: Local;
declare const map: Map<string, number>;
declare const text: string;
// @ts-expect-error: an unresolved type is the checker's error type.
declare const missing: NotDeclaredAnywhere;
probe(redis, either, tagged, redlock, emitter, request, store, cache, local, map, text, missing);`;

const SPECIFIERS: Record<string, TypeOrValueSpecifier> = {
  "'Redis'": 'Redis',
  "'Local'": 'Local',
  "'string'": 'string',
  'ioredis Redis': { from: 'package', package: 'ioredis', name: 'Redis' },
  'ioredis Redis or Cluster': { from: 'package', package: 'ioredis', name: ['Redis', 'Cluster'] },
  'ioredis/built Redis': { from: 'package', package: 'ioredis/built', name: 'Redis' },
  'redis Redis': { from: 'package', package: 'redis', name: 'Redis' },
  'redlock Redlock': { from: 'package', package: 'redlock', name: 'Redlock' },
  'events EventEmitter': { from: 'package', package: 'events', name: 'EventEmitter' },
  'node:events EventEmitter': { from: 'package', package: 'node:events', name: 'EventEmitter' },
  'node EventEmitter': { from: 'package', package: 'node', name: 'EventEmitter' },
  'express Request': { from: 'package', package: 'express', name: 'Request' },
  'express-serve-static-core Request': { from: 'package', package: 'express-serve-static-core', name: 'Request' },
  'inventory-store InventoryStore': { from: 'package', package: 'inventory-store', name: 'InventoryStore' },
  'cache-facade Redis': { from: 'package', package: 'cache-facade', name: 'Redis' },
  'cache-facade CacheClient': { from: 'package', package: 'cache-facade', name: 'CacheClient' },
  'file Local': { from: 'file', name: 'Local' },
  'file.ts Local': { from: 'file', name: 'Local', path: 'file.ts' },
  'other.ts Local': { from: 'file', name: 'Local', path: 'other.ts' },
  'file InventoryStore': { from: 'file', name: 'InventoryStore', path: 'ambient-modules.d.ts' },
  'file Redis': { from: 'file', name: 'Redis' },
  'lib Map': { from: 'lib', name: 'Map' },
  'lib string': { from: 'lib', name: 'string' },
  'lib Local': { from: 'lib', name: 'Local' },
};

interface Matches {
  /** For each value, the labels of the specifiers that name its type. */
  readonly ours: Record<string, string[]>;
  readonly typescriptEslint: Record<string, string[]>;
}

function matchesIn(code: string): Matches {
  const ours: Record<string, string[]> = {};
  const typescriptEslint: Record<string, string[]> = {};
  probe(
    code,
    (file) => ({
      'CallExpression[callee.name="probe"] > Identifier.arguments'(node: TSESTree.Identifier) {
        const { services, program } = file.types!;
        const type = services.getTypeAtLocation(node);
        const labels = (matches: (type: ts.Type, specifier: TypeOrValueSpecifier) => boolean) =>
          Object.entries(SPECIFIERS)
            .filter(([, specifier]) => matches(type, specifier))
            .map(([label]) => label);
        ours[node.name] = labels((candidate, specifier) => typeMatchesSpecifier(candidate, specifier, program));
        typescriptEslint[node.name] = labels((candidate, specifier) => typeUtils.typeMatchesSpecifier(candidate, specifier as never, program));
      },
    }),
    { typed: true },
  );
  return { ours, typescriptEslint };
}

describe('typeMatchesSpecifier', () => {
  const { ours, typescriptEslint } = matchesIn(CODE);

  it('names a type by package, by project file, by lib or by bare name, as typescript-eslint’s format means', () => {
    expect(ours).toEqual({
      redis: ["'Redis'", 'ioredis Redis', 'ioredis Redis or Cluster', 'ioredis/built Redis', 'cache-facade Redis'],
      // A union matches only when every member does.
      either: ['ioredis Redis or Cluster'],
      // An intersection matches when one part does.
      tagged: ["'Redis'", 'ioredis Redis', 'ioredis Redis or Cluster', 'ioredis/built Redis', 'cache-facade Redis'],
      // The fixtures' tsconfig maps 'redlock' with \`paths\`: to TypeScript its file is then not a library's.
      redlock: [],
      emitter: ['events EventEmitter', 'node:events EventEmitter', 'node EventEmitter'],
      // @types/express declares Request; it only extends express-serve-static-core's.
      request: ['express Request'],
      store: ['inventory-store InventoryStore', 'file InventoryStore'],
      // An alias renames the import, not the class.
      cache: ["'Redis'", 'ioredis Redis', 'ioredis Redis or Cluster', 'ioredis/built Redis', 'cache-facade Redis'],
      local: ["'Local'", 'file Local', 'file.ts Local'],
      map: ['lib Map'],
      text: ["'string'", 'lib string'],
      missing: [],
    });
  });

  it('agrees with @typescript-eslint/type-utils on every value and specifier', () => {
    expect(ours).toEqual(typescriptEslint);
  });
});

describe('typeOrValueSpecifiersSchema', () => {
  it('is typescript-eslint’s schema', () => {
    expect(typeOrValueSpecifiersSchema).toEqual(typeUtils.typeOrValueSpecifiersSchema);
  });

  it('takes the four forms of specifier and a list of names, and tells what is wrong with anything else', async () => {
    const { Linter } = await import('eslint');
    const rule = { meta: { type: 'problem' as const, schema: [typeOrValueSpecifiersSchema] }, create: () => ({}) };
    const verify = (option: unknown) => {
      try {
        new Linter().verify('', [{ plugins: { probe: { rules: { rule } } }, rules: { 'probe/rule': ['error', option] } }]);
        return 'valid';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(verify(['Redis', { from: 'package', package: 'ioredis', name: ['Redis', 'Cluster'] }, { from: 'file', name: 'Store', path: 'src/store.ts' }, { from: 'lib', name: 'Map' }])).toBe('valid');
    expect(verify([{ from: 'package', name: 'Redis' }])).toContain(`Value {"from":"package","name":"Redis"} should have required property 'package'.`);
    expect(verify([{ from: 'file', name: [] }])).toContain('Value [] should NOT have fewer than 1 items.');
    expect(verify([{ from: 'lib', name: 'Map', package: 'x' }])).toContain('Unexpected property "package". Expected properties: "from", "name".');
  });
});
