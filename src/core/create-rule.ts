import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields every rule of this plugin declares; the configs are computed from them. */
export interface RaceRuleDocs {
  description: string;
  /** In `configs.recommended`. `configs.all` holds every rule. */
  recommended: boolean;
  /**
   * Always false: every rule works without type information (falling back to syntax) and uses the type
   * checker when the user configured it.
   */
  requiresTypeChecking: false;
  /** True when the rule asks the type checker (if available) to recognise library objects. */
  usesTypeInformation: boolean;
}

export const REPOSITORY = 'https://github.com/eslint-plugin-race/eslint-plugin-race';

export const docsUrl = (ruleName: string): string => `${REPOSITORY}/blob/main/rules/${ruleName}.md`;

export interface RaceRuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: ESLintUtils.NamedCreateRuleMeta<MessageIds, RaceRuleDocs, Options>;
  /** Reads `context.options`, filling in its own defaults (ESLint before 9.15 does not apply `meta.defaultOptions`). */
  readonly create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) => TSESLint.RuleListener;
}

/**
 * A rule with its docs URL. Not `ESLintUtils.RuleCreator`: its rules merge `meta.defaultOptions` into a
 * `structuredClone` for every file and rule before `create`, a fifth of the plugin's own time on a typed lint,
 * for options ESLint has already merged and our rules do not take from it.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
}: RaceRuleDefinition<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, RaceRuleDocs> & { readonly name: string } {
  return { name, meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } }, create };
}
