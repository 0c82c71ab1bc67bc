import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const typedFixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'typed');

/** Full type information: the checker recognises library objects by their declared types. */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.js'], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: typedFixtures,
    },
  },
  defaultFilenames: { ts: path.join(typedFixtures, 'file.ts'), tsx: path.join(typedFixtures, 'react.tsx') },
});

/** TypeScript syntax without type information: the rules must fall back to syntax and never crash. */
export const untypedRuleTester = new RuleTester();

export interface RuleCases<MessageIds extends string, Options extends readonly unknown[]> {
  /** Same result with and without type information. */
  readonly valid?: readonly (ValidTestCase<Options> | string)[];
  readonly invalid?: readonly InvalidTestCase<MessageIds, Options>[];
  /** Results that need the type checker (recognition by declared type). */
  readonly typedValid?: readonly (ValidTestCase<Options> | string)[];
  readonly typedInvalid?: readonly InvalidTestCase<MessageIds, Options>[];
  /** What the rule reports on the `typed*` code when no type information is configured (usually nothing). */
  readonly untypedValid?: readonly (ValidTestCase<Options> | string)[];
  readonly untypedInvalid?: readonly InvalidTestCase<MessageIds, Options>[];
}

/**
 * Runs each group of cases twice, with type information and without, so that the two tiers are compared on
 * the same inputs. Case groups come from one file per domain (`test/rules/<rule>/<domain>.cases.ts`).
 */
export function runRuleCases<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: RuleModule<MessageIds, Options>,
  groups: Readonly<Record<string, RuleCases<MessageIds, Options>>>,
): void {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      typedRuleTester.run(`${name} (typed)`, rule, {
        valid: [...(cases.valid ?? []), ...(cases.typedValid ?? [])],
        invalid: [...(cases.invalid ?? []), ...(cases.typedInvalid ?? [])],
      });
      untypedRuleTester.run(`${name} (untyped)`, rule, {
        valid: [...(cases.valid ?? []), ...(cases.untypedValid ?? [])],
        invalid: [...(cases.invalid ?? []), ...(cases.untypedInvalid ?? [])],
      });
    });
  }
}

/** The case type of one rule: `export const cases: CasesFor<typeof rule> = { ... }` in a domain's case file. */
export type CasesFor<Rule> = Rule extends RuleModule<infer MessageIds, infer Options> ? RuleCases<MessageIds, Options> : never;
