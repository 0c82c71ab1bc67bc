/**
 * Instruction counts of one lint, from valgrind's cachegrind: work, not time. Counted instructions do not
 * depend on what else the machine runs, so two cases measured at the same time on a busy 2-core machine
 * compare as if each had it alone; a paired time ratio on that machine moves by 15–50%.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { LintCaseRequest, LintCaseResult } from './lint-case.js';
import { lintCaseScript } from './measure.js';

const run = promisify(execFile);

/**
 * V8 in predictable mode: no background threads (the garbage collector and the optimizing compiler run on
 * the main thread), a heap that grows by a fixed schedule rather than by measured allocation rate per
 * millisecond, fixed seeds for hashing and `Math.random`. Without these the same lint's count moves by
 * about 0.5% between runs, mostly in garbage collection; with them by about 0.2%.
 */
export const PREDICTABLE_NODE_FLAGS = ['--predictable', '--predictable-gc-schedule', '--hash-seed=1', '--random-seed=1'] as const;

/** Predictable mode, with V8's allocation-site pretenuring turned off when `pretenuring` is false. */
export const predictableNodeFlags = ({ pretenuring }: { pretenuring: boolean }): string[] => [
  ...PREDICTABLE_NODE_FLAGS,
  ...(pretenuring ? [] : ['--no-allocation-site-pretenuring']),
];

/** Where the counted instructions went, by the native function that executed them (see `areaOf`). */
export type Area = 'garbage collection' | 'optimizing compiler' | 'parsing and bytecode' | 'JavaScript and builtins' | 'other native code';

export const AREAS: readonly Area[] = ['garbage collection', 'optimizing compiler', 'parsing and bytecode', 'JavaScript and builtins', 'other native code'];

export interface InstructionCount {
  readonly instructions: number;
  readonly byArea: Readonly<Record<Area, number>>;
}

/**
 * The area of a function named in a cachegrind file. JIT-compiled JavaScript has no symbol (`???`); V8's
 * builtins appear as `Builtins_*`; the rest are V8's, Node's and libc's C++ functions, sorted by name. The
 * write barrier (`RecordWrite`) runs inside JavaScript but is the garbage collector's bookkeeping.
 */
export function areaOf(functionName: string): Area {
  if (/Heap|Mark|Scaveng|Sweep|Evacuat|Compact|RecordWrite|Worklist|heap::base|cppgc|RememberedSet|SlotSet|IteratePointers|Promot|GCTracer|Allocat(or|ion)Observer/.test(functionName)) {
    return 'garbage collection';
  }
  if (/v8::internal::(compiler|maglev|turboshaft)::/.test(functionName)) return 'optimizing compiler';
  if (/v8::internal::(Scanner|Parser|PreParser|AstValueFactory|Utf16CharacterStream|interpreter::|BytecodeArray|Zone)|Builtins_(CompileLazy|InterpreterEntryTrampoline)/.test(functionName)) {
    return 'parsing and bytecode';
  }
  if (functionName === '???' || functionName.startsWith('Builtins_')) return 'JavaScript and builtins';
  return 'other native code';
}

/** Reads a cachegrind output file (`events: Ir`): the total and its split by area. */
export function parseCachegrind(text: string): InstructionCount {
  const byArea = Object.fromEntries(AREAS.map((area) => [area, 0])) as Record<Area, number>;
  let area: Area = 'other native code';
  let summary: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) area = areaOf(line.slice(3));
    else if (line.startsWith('summary:')) summary = Number(line.slice('summary:'.length));
    else if (/^\d/.test(line)) byArea[area] += Number(line.slice(line.indexOf(' ') + 1));
  }
  if (summary === undefined || !Number.isFinite(summary)) throw new Error('not a cachegrind file: it has no `summary:` line');
  return { instructions: summary, byArea };
}

/** Fails with what to install when valgrind is not on the machine (it is a Debian package). */
export async function checkValgrind(): Promise<string> {
  try {
    const { stdout } = await run('valgrind', ['--version']);
    return stdout.trim();
  } catch {
    throw new Error('valgrind is not installed: `apt-get install valgrind` (the instruction counts run the lint under its cachegrind tool)');
  }
}

/**
 * Lints once in a fresh Node process under cachegrind and returns its instruction count with the child's
 * result. Every thread of the process is counted (valgrind runs them one at a time). JIT-compiled code needs
 * `--smc-check=all-non-file`: V8 writes and rewrites machine code in anonymous memory.
 */
export async function countLintInstructions(
  request: LintCaseRequest,
  outFile: string,
  nodeFlags: readonly string[] = PREDICTABLE_NODE_FLAGS,
): Promise<{ count: InstructionCount; result: LintCaseResult }> {
  const { stdout } = await run(
    'valgrind',
    ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file', `--cachegrind-out-file=${outFile}`, process.execPath, ...nodeFlags, lintCaseScript(), JSON.stringify(request)],
    { maxBuffer: 64 * 2 ** 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as LintCaseResult;
  return { count: parseCachegrind(readFileSync(outFile, 'utf8')), result };
}
