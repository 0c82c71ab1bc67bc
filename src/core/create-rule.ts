import { ESLintUtils } from '@typescript-eslint/utils';

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

export const createRule = ESLintUtils.RuleCreator<RaceRuleDocs>(docsUrl);
