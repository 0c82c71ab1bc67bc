import type { ESLint, Linter } from 'eslint';
import { createRequire } from 'node:module';
import { rules } from '../rules/index.js';

/** The package's own manifest: two levels up from dist/src/, one from src/ when run from source. */
function readManifest(): { name: string; version: string } {
  const load = createRequire(import.meta.url);
  try {
    return load('../../package.json') as { name: string; version: string };
  } catch {
    return load('../package.json') as { name: string; version: string };
  }
}

const { name, version } = readManifest();

type RuleName = keyof typeof rules;
type RuleSeverities = Partial<Record<`race/${RuleName}`, 'error' | 'warn'>>;

const ruleNames = Object.keys(rules) as RuleName[];

/**
 * Built first, so that the configs can refer to the same object (flat config compares plugins by identity).
 * Typed with ESLint's own types, so that `eslint.config.ts` files type-check with the configs in them.
 */
const plugin: ESLint.Plugin & { meta: { name: string; version: string; namespace: string } } = {
  meta: { name, version, namespace: 'race' },
  rules: rules as unknown as NonNullable<ESLint.Plugin['rules']>,
};

const severities = (include: (rule: RuleName) => boolean): RuleSeverities =>
  Object.fromEntries(ruleNames.filter(include).map((rule) => [`race/${rule}`, 'error'])) as RuleSeverities;

const configs: { recommended: Linter.Config; all: Linter.Config } = {
  /** Rules whose findings are real races in nearly every codebase. */
  recommended: {
    name: 'race/recommended',
    plugins: { race: plugin },
    rules: severities((rule) => rules[rule].meta.docs?.recommended === true),
  },
  /** Every rule. */
  all: {
    name: 'race/all',
    plugins: { race: plugin },
    rules: severities(() => true),
  },
};

/** The configs refer to this very object, so mixing them with `{ plugins: { race } }` never redefines it. */
const race = Object.assign(plugin, { configs });

export default race;
export { rules, configs };
