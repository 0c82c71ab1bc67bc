import { ESLint, type Linter } from 'eslint';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import tseslint from 'typescript-eslint';
import { rules } from '../rules/index.js';
import type { FixRequest } from './scenario.js';

/**
 * The rules straight from source. A rule file that exists but is not registered in rules/index.ts yet is
 * loaded too (RACE_UNREGISTERED=0 turns that off), so that a fix can be proved while its rule is being wired.
 */
async function pluginRules(): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = { ...rules };
  if (process.env.RACE_UNREGISTERED === '0') return all;
  for (const file of await readdir(path.join(repoRootDir, 'rules'))) {
    const name = file.replace(/\.ts$/, '');
    if (!file.endsWith('.ts') || name === 'index' || name in all) continue;
    const module = (await import(pathToFileURL(path.join(repoRootDir, 'rules', file)).href)) as { default?: unknown };
    if (module.default) all[name] = module.default;
  }
  return all;
}

const repoRootDir = path.resolve(import.meta.dirname, '..');
const race = { meta: { name: 'eslint-plugin-race', namespace: 'race' }, rules: await pluginRules() } as unknown as ESLint.Plugin;

export const repoRoot = repoRootDir;
export const scenariosDir = path.join(repoRoot, 'fixtures', 'race-scenarios');

/** The plugin with one rule on, type-aware (fixtures/race-scenarios/tsconfig.json), as a user would run it. */
function linterFor(rule: string, options: readonly unknown[], fix: boolean): ESLint {
  return new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    ignore: false,
    fix,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: scenariosDir },
        },
        plugins: { race },
        rules: { [`race/${rule}`]: ['error', ...options] as Linter.RuleEntry },
      },
    ],
  });
}

/** A rule and its options. */
export interface RuleSetting {
  readonly rule: string;
  readonly options: readonly unknown[];
}

const linters = new Map<string, ESLint>();
const linter = ({ rule, options }: RuleSetting, fix: boolean): ESLint => {
  const key = `${rule}:${JSON.stringify(options)}:${fix}`;
  const eslint = linters.get(key) ?? linterFor(rule, options, fix);
  linters.set(key, eslint);
  return eslint;
};

export interface FixOutcome {
  readonly fixed: string;
  /** What the rule reported on the racy source (message ids). */
  readonly reported: readonly string[];
  /** What the suggestion said, or "autofix". */
  readonly applied: string;
}

export class FixFailure extends Error {
  override name = 'FixFailure';
}

async function lint(setting: RuleSetting, source: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await linter(setting, false).lintText(source, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal) throw new FixFailure(`${path.basename(filePath)}:${fatal.line}:${fatal.column}: ${fatal.message}`);
  return messages.filter((message) => message.ruleId === `race/${setting.rule}`);
}

/** Applies one ESLint fix (a range and its replacement) to `text`. */
const applyFix = (text: string, fix: { range: [number, number]; text: string }): string =>
  text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);

/**
 * Produces the fixed source from the racy one with the plugin itself: its autofix through `ESLint#lintText`
 * with `fix: true`, or the requested suggestion applied to the text, report after report. Then checks that
 * the result differs, parses, and that the rule no longer reports on it.
 */
export async function fixWithPlugin(setting: RuleSetting, messageId: string | undefined, request: FixRequest, source: string, filePath: string): Promise<FixOutcome> {
  const { rule } = setting;
  if (!Object.hasOwn(race.rules ?? {}, rule)) throw new FixFailure(`race/${rule} is not in the plugin yet (rules/index.ts)`);
  const first = await lint(setting, source, filePath);
  const reported = first.map((message) => `${message.messageId ?? '?'}@${message.line}:${message.column}`);
  if (messageId === undefined ? first.length === 0 : !first.some((message) => message.messageId === messageId)) {
    throw new FixFailure(`race/${rule} does not report ${messageId ?? 'anything'} (reports: ${reported.join(', ') || 'nothing'})`);
  }

  let fixed = source;
  let applied = 'autofix';
  if (request.kind === 'autofix') {
    const [result] = await linter(setting, true).lintText(source, { filePath });
    fixed = result?.output ?? source;
  } else {
    const descriptions = new Set<string>();
    // A suggestion fixes one report; lint again after each so later ranges are still right.
    for (let pass = 0, messages = first; pass < 10; pass++, messages = await lint(setting, fixed, filePath)) {
      const suggestion = messages.flatMap((message) => message.suggestions ?? []).find((candidate) => candidate.messageId === request.messageId);
      if (!suggestion) break;
      descriptions.add(suggestion.desc);
      fixed = applyFix(fixed, suggestion.fix);
    }
    applied = [...descriptions].join(' / ') || 'none';
  }

  if (fixed === source) throw new FixFailure(`race/${rule} reports ${reported.join(', ')} but offers no ${request.kind === 'autofix' ? 'autofix' : `suggestion ${request.messageId}`}`);
  const remaining = await lint(setting, fixed, filePath);
  if (remaining.length > 0) {
    const where = remaining.map((message) => `${message.messageId ?? '?'}@${message.line}:${message.column}`).join(', ');
    throw new FixFailure(`race/${rule} still reports on the fixed source: ${where}`);
  }
  return { fixed, reported, applied };
}
