import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import { isModelledPackageInstance } from '../../src/core/recognize/declared-classes.js';

/** For each argument of `probe(...)`: whether it is an instance of a class from a package the catalogue models. */
function answersFor(code: string): Record<string, boolean> {
  const answers: Record<string, boolean> = {};
  probe(
    code,
    (file) => ({
      'CallExpression[callee.name="probe"] > Identifier.arguments'(node: TSESTree.Identifier) {
        answers[node.name] = isModelledPackageInstance(file, node);
      },
    }),
    { typed: true },
  );
  return answers;
}

describe('isModelledPackageInstance', () => {
  it('tells a modelled package’s instance by its import, and leaves a specifier that `paths` maps to the checker', () => {
    expect(
      answersFor(`import { Mutex } from 'async-mutex';
import Redis from 'ioredis';
import Redlock from 'redlock';
import { EventEmitter } from 'node:events';
import { UserRepository } from './prisma/helpers.js';
declare function probe(...values: unknown[]): void;
const mutex = new Mutex();
const annotated: Redis = new Redis();
const redlock = new Redlock([annotated]);
const emitter = new EventEmitter();
const users = new UserRepository();
probe(mutex, annotated, Redis, redlock, emitter, users);`),
    ).toEqual({
      mutex: true,
      annotated: true,
      Redis: true,
      // The fixtures' tsconfig maps 'redlock' with \`paths\`.
      redlock: false,
      // Not a package the catalogue models; a relative import.
      emitter: false,
      users: false,
    });
  });
});
