import { ESLint, type Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { rules } from '../rules/index.js';
import type { FixRequest } from './scenario.js';

// The rules straight from source (src/index.ts reads the version from the built package's location).
const race = { meta: { name: 'eslint-plugin-race', namespace: 'race' }, rules } as unknown as ESLint.Plugin;

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const scenariosDir = path.join(repoRoot, 'fixtures', 'race-scenarios');

/** The plugin with one rule on, type-aware (fixtures/race-scenarios/tsconfig.json), as a user would run it. */
function linterFor(rule: string, fix: boolean): ESLint {
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
        rules: { [`race/${rule}`]: 'error' },
      },
    ],
  });
}

const linters = new Map<string, ESLint>();
const linter = (rule: string, fix: boolean): ESLint => {
  const key = `${rule}:${fix}`;
  const eslint = linters.get(key) ?? linterFor(rule, fix);
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

async function lint(rule: string, source: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await linter(rule, false).lintText(source, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal) throw new FixFailure(`${path.basename(filePath)}:${fatal.line}:${fatal.column}: ${fatal.message}`);
  return messages.filter((message) => message.ruleId === `race/${rule}`);
}

/** Applies one ESLint fix (a range and its replacement) to `text`. */
const applyFix = (text: string, fix: { range: [number, number]; text: string }): string =>
  text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);

/**
 * Produces the fixed source from the racy one with the plugin itself: its autofix through `ESLint#lintText`
 * with `fix: true`, or the requested suggestion applied to the text, report after report. Then checks that
 * the result differs, parses, and that the rule no longer reports on it.
 */
export async function fixWithPlugin(rule: string, messageId: string, request: FixRequest, source: string, filePath: string): Promise<FixOutcome> {
  const first = await lint(rule, source, filePath);
  const reported = first.map((message) => `${message.messageId ?? '?'}@${message.line}:${message.column}`);
  if (!first.some((message) => message.messageId === messageId)) {
    throw new FixFailure(`race/${rule} does not report ${messageId} (reports: ${reported.join(', ') || 'nothing'})`);
  }

  let fixed = source;
  let applied = 'autofix';
  if (request.kind === 'autofix') {
    const [result] = await linter(rule, true).lintText(source, { filePath });
    fixed = result?.output ?? source;
  } else {
    const descriptions = new Set<string>();
    // A suggestion fixes one report; lint again after each so later ranges are still right.
    for (let pass = 0, messages = first; pass < 10; pass++, messages = await lint(rule, fixed, filePath)) {
      const suggestion = messages.flatMap((message) => message.suggestions ?? []).find((candidate) => candidate.messageId === request.messageId);
      if (!suggestion) break;
      descriptions.add(suggestion.desc);
      fixed = applyFix(fixed, suggestion.fix);
    }
    applied = [...descriptions].join(' / ') || 'none';
  }

  if (fixed === source) throw new FixFailure(`race/${rule} produced no ${request.kind === 'autofix' ? 'autofix' : `suggestion ${request.messageId}`}`);
  const remaining = await lint(rule, fixed, filePath);
  if (remaining.length > 0) {
    const where = remaining.map((message) => `${message.messageId ?? '?'}@${message.line}:${message.column}`).join(', ');
    throw new FixFailure(`race/${rule} still reports on the fixed source: ${where}`);
  }
  return { fixed, reported, applied };
}
