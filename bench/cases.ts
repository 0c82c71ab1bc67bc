import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Which rules a case turns on. */
export type RuleSet = 'none' | 'empty-rule' | 'listening-rule' | 'allocating-rule' | 'recommended' | 'all' | 'require-atomic-updates' | 'no-floating-promises';

/** One measured configuration of ESLint over a generated project. */
export interface BenchCase {
  readonly id: string;
  readonly label: string;
  readonly rules: RuleSet;
  /** typescript-eslint with the project service (a full TypeScript program); otherwise syntax only. */
  readonly typed: boolean;
  readonly concurrency?: number;
  /** Lints with a cache that an unmeasured run has filled first. */
  readonly warmCache?: boolean;
}

/** The cases, in the order the report lists them. The first is the floor every ratio divides by. */
export const BENCH_CASES: readonly BenchCase[] = [
  { id: 'floor', label: '(a) typed parse, no rules', rules: 'none', typed: true },
  // What ESLint itself adds once any rule is configured (it loads ajv to validate rule options). ESLint 10
  // traverses every file with no rule too (a count of `SourceCode#traverse` calls shows it), so this is the floor
  // plus noise: a check on the machine rather than a cost.
  { id: 'empty-rule', label: "(a') typed + one rule that does nothing", rules: 'empty-rule', typed: true },
  // What any rule that does work costs: once a rule allocates after the parse (here 1,600 short-lived arrays
  // per file), V8 deoptimizes typescript-eslint's scope analysis and pretenures its variables' arrays (seen with
  // --trace-deopt; gone with --no-allocation-site-pretenuring), which the floor pays only in some runs.
  { id: 'allocating-rule', label: "(a'') typed + one rule that allocates 1,600 small arrays per file", rules: 'allocating-rule', typed: true },
  // What a rule with one listener costs before it does anything: ESLint then dispatches its traversal through
  // the listeners' selectors, which moves V8's heap decisions (scavenges, promotion) much as a working rule does.
  { id: 'listening-rule', label: "(a''') typed + one rule that listens to Program:exit and does nothing", rules: 'listening-rule', typed: true },
  { id: 'recommended', label: '(b) typed + race recommended', rules: 'recommended', typed: true },
  { id: 'all', label: '(c) typed + race all', rules: 'all', typed: true },
  { id: 'atomic-updates', label: '(d) typed + require-atomic-updates', rules: 'require-atomic-updates', typed: true },
  // A yardstick for the type-aware share: one popular typed rule that asks the checker about every expression
  // statement, loaded from its plugin as a user loads it.
  { id: 'floating-promises', label: "(f) typed + typescript-eslint's no-floating-promises", rules: 'no-floating-promises', typed: true },
  { id: 'untyped-all', label: '(e) syntax only + race all', rules: 'all', typed: false },
  { id: 'all-concurrency-2', label: '(c) with concurrency 2', rules: 'all', typed: true, concurrency: 2 },
  { id: 'all-warm-cache', label: '(c) with a warm cache', rules: 'all', typed: true, warmCache: true },
];

export const FLOOR_CASE = BENCH_CASES[0]!;

/** The cases `wanted` names (all when undefined), in report order; the floor always, since every ratio divides by it. */
export function selectCases(wanted: readonly string[] | undefined): BenchCase[] {
  return BENCH_CASES.filter((benchCase) => !wanted || benchCase === FLOOR_CASE || wanted.includes(benchCase.id));
}

/** The rule sets that are ours, whose configs import the plugin. */
const PLUGIN_RULE_SETS: ReadonlySet<RuleSet> = new Set(['recommended', 'all']);

const RULES_SOURCE: Record<RuleSet, string> = {
  none: '',
  'empty-rule': "{ plugins: { bench: { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } } }, rules: { 'bench/empty': 'error' } },",
  'listening-rule':
    "{ plugins: { bench: { rules: { listening: { meta: { type: 'problem', schema: [] }, create: () => ({ 'Program:exit'() {} }) } } } }, rules: { 'bench/listening': 'error' } },",
  'allocating-rule':
    "{ plugins: { bench: { rules: { allocating: { meta: { type: 'problem', schema: [] }, create: () => ({ 'Program:exit'() { globalThis.benchSink = Array.from({ length: 1600 }, (_, index) => [index]).length; } }) } } } }, rules: { 'bench/allocating': 'error' } },",
  recommended: 'race.configs.recommended,',
  all: 'race.configs.all,',
  'require-atomic-updates': "{ rules: { 'require-atomic-updates': 'error' } },",
  'no-floating-promises': "{ plugins: { '@typescript-eslint': typescriptEslint }, rules: { '@typescript-eslint/no-floating-promises': 'error' } },",
};

/**
 * Writes the flat config of `benchCase` into the project and returns its path. A config file rather than
 * inline options, because ESLint's worker threads (concurrency) accept only cloneable options.
 */
export function writeCaseConfig(projectDirectory: string, benchCase: BenchCase, pluginEntry: string): string {
  const parserOptions = benchCase.typed ? `{ projectService: true, tsconfigRootDir: ${JSON.stringify(projectDirectory)} }` : '{}';
  // Only the cases with our rules load the plugin: loading it is part of what it costs a user who turns it on.
  const importPlugin = PLUGIN_RULE_SETS.has(benchCase.rules) ? `import race from ${JSON.stringify(pathToFileURL(pluginEntry).href)};\n` : '';
  const importTypescriptEslint = benchCase.rules === 'no-floating-promises' ? "import typescriptEslint from '@typescript-eslint/eslint-plugin';\n" : '';
  const source = `import parser from '@typescript-eslint/parser';
${importPlugin}${importTypescriptEslint}
export default [
  { files: ['**/*.ts'], languageOptions: { parser, parserOptions: ${parserOptions} } },
  ${RULES_SOURCE[benchCase.rules]}
];
`;
  const file = path.join(projectDirectory, `eslint.bench-${benchCase.id}.config.mjs`);
  writeFileSync(file, source);
  return file;
}
