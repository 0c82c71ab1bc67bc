import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import { readThenLaterCalls } from '../../src/core/analysis/pairs.js';
import { callsIn } from '../../src/core/recognize/modules.js';

/**
 * `readThenLaterCalls` with stand-in tests read off the callee's name: `db*` is named like a database call,
 * `dbRead*` like a read, `helper*` runs a database call (`helperRead*` and `helperLoad*` one named like a read),
 * `*Read*` reads. Reports which calls were paired and which calls `isRead` was asked about:
 * the costly question must be asked only when a pair is possible.
 */
function pairsOf(code: string): { paired: string[]; askedIsRead: string[] } {
  const nameOf = (call: TSESTree.CallExpression): string => {
    const callee = call.callee.type === 'MemberExpression' ? call.callee.property : call.callee;
    return callee.type === 'Identifier' ? callee.name : '?';
  };
  const result = { paired: [] as string[], askedIsRead: [] as string[] };
  probe(code, (file) => ({
    'Program:exit'() {
      const paired = readThenLaterCalls(callsIn(file), {
        isNamedLikeDatabaseCall: (call) => nameOf(call).startsWith('db'),
        isNamedLikeDatabaseRead: (call) => nameOf(call).startsWith('dbRead'),
        runsDatabaseNamedCall: (call) => nameOf(call).startsWith('helper'),
        runsDatabaseReadNamedCall: (call) => nameOf(call).startsWith('helperRead') || nameOf(call).startsWith('helperLoad'),
        isRead: (call) => {
          result.askedIsRead.push(nameOf(call));
          return nameOf(call).includes('Read');
        },
      });
      result.paired = paired.map(nameOf);
    },
  }));
  return result;
}

describe('readThenLaterCalls', () => {
  it('pairs a used read with the later calls that may be database calls', () => {
    expect(pairsOf(`async function f(id) {
  const row = await dbRead(id);
  format(row);
  if (row) await helperWrite(id);
  await dbWrite(id);
}`)).toEqual({ paired: ['dbRead', 'helperWrite', 'dbWrite'], askedIsRead: ['dbRead'] });
  });

  it('does not ask whether the first call reads when nothing after it can touch the database', () => {
    expect(pairsOf(`async function f(id) {
  const row = await dbRead(id);
  await cachePut(row);
  return toDto(row);
}`)).toEqual({ paired: [], askedIsRead: [] });
  });

  it('does not ask about a first call that neither is nor runs a database call', () => {
    expect(pairsOf(`async function f(id) {
  const cached = await cacheGet(id);
  await dbWrite(cached);
}`)).toEqual({ paired: [], askedIsRead: [] });
  });

  it("leaves out a result nobody uses, calls in the first call's arguments, and later functions", () => {
    expect(pairsOf(`async function f(id) {
  await dbRead(id);
  return dbReadAgain(id);
}
async function g(id) {
  const row = await dbRead(await dbWrite(id));
}
async function h(id) {
  await dbWrite(id);
}`)).toEqual({ paired: [], askedIsRead: [] });
  });

  it('does not ask about a call named like a write, and asks about a helper that may read', () => {
    expect(pairsOf(`async function f(id) {
  const written = await dbWrite(id);
  const row = await helperRead(written);
  await dbWrite(row);
}`)).toEqual({ paired: ['helperRead', 'dbWrite'], askedIsRead: ['helperRead'] });
  });

  it('does not ask about a helper whose calls are named like writes only', () => {
    expect(pairsOf(`async function f(id) {
  const saved = await helperSave(id);
  await dbWrite(saved);
}`)).toEqual({ paired: [], askedIsRead: [] });
  });

  it('pairs nothing after a first call that does not read', () => {
    expect(pairsOf(`async function f(id) {
  const row = await helperLoad(id);
  await dbWrite(row);
}`)).toEqual({ paired: [], askedIsRead: ['helperLoad'] });
  });
});
