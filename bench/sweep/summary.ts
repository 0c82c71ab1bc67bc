import type { FileOutcome } from './check-file.js';
import type { SweepMode } from './configs.js';

export interface Failure {
  readonly file: string;
  readonly kind: 'crash' | 'fix-does-not-parse' | 'fix-unstable' | 'killed';
  readonly rule?: string;
  readonly detail: string;
  readonly stack?: string;
}

export interface ModeSummary {
  readonly mode: SweepMode;
  /** Files in the mode's scope (the whole tree or its sample). */
  readonly files: number;
  readonly checked: number;
  readonly parseErrors: number;
  readonly problems: Readonly<Record<string, number>>;
  readonly filesWithProblems: number;
  readonly filesWithFixes: number;
  readonly filesChangedByFixes: number;
  readonly crashes: number;
  readonly fixesNotParsing: number;
  readonly fixesUnstable: number;
  readonly killed: number;
  /** Summed per-file lint (and fix) time. */
  readonly lintSeconds: number;
  readonly slowest: readonly { readonly file: string; readonly ms: number }[];
  readonly failures: readonly Failure[];
}

function failureOf(outcome: FileOutcome): Failure | undefined {
  const { file, crash, fix, killed } = outcome;
  if (crash) return { file, kind: 'crash', ...(crash.rule && { rule: crash.rule }), detail: `${crash.phase}: ${crash.message}`, stack: crash.stack };
  if (killed) return { file, kind: 'killed', detail: killed };
  if (fix && !fix.parses) return { file, kind: 'fix-does-not-parse', detail: 'the fixed text does not parse' };
  if (fix && !fix.stable) return { file, kind: 'fix-unstable', detail: 'a second fix run changed the fixed text' };
  return undefined;
}

export function summarizeMode(mode: SweepMode, files: number, outcomes: readonly FileOutcome[]): ModeSummary {
  const problems: Record<string, number> = {};
  for (const outcome of outcomes) {
    for (const [rule, count] of Object.entries(outcome.problems)) if (rule.startsWith('race/')) problems[rule] = (problems[rule] ?? 0) + count;
  }
  const failures = outcomes.flatMap((outcome) => failureOf(outcome) ?? []);
  const count = (kind: Failure['kind']) => failures.filter((failure) => failure.kind === kind).length;
  return {
    mode,
    files,
    checked: outcomes.length,
    parseErrors: outcomes.filter((outcome) => outcome.parseError).length,
    problems,
    filesWithProblems: outcomes.filter((outcome) => Object.keys(outcome.problems).some((rule) => rule.startsWith('race/'))).length,
    filesWithFixes: outcomes.filter((outcome) => outcome.fix).length,
    filesChangedByFixes: outcomes.filter((outcome) => outcome.fix?.changed).length,
    crashes: count('crash'),
    fixesNotParsing: count('fix-does-not-parse'),
    fixesUnstable: count('fix-unstable'),
    killed: count('killed'),
    lintSeconds: Math.round(outcomes.reduce((sum, outcome) => sum + outcome.ms, 0) / 100) / 10,
    slowest: [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5).map(({ file, ms }) => ({ file, ms })),
    failures,
  };
}

export interface SweepReport {
  readonly command: string;
  readonly finishedAt: string;
  readonly wallSeconds: number;
  readonly pluginFingerprint: string;
  readonly rules: readonly string[];
  readonly root: string;
  readonly modes: readonly ModeSummary[];
}

const MODE_LABEL: Record<SweepMode, string> = {
  untyped: 'typescript-eslint, no type information',
  espree: 'espree (JavaScript files)',
  typed: 'typescript-eslint, a program per package',
};

export function sweepMarkdown(report: SweepReport, relative: (file: string) => string): string {
  const rows = report.modes.map((m) =>
    [
      `${m.mode}: ${MODE_LABEL[m.mode]}`,
      `${m.checked}/${m.files}`,
      m.parseErrors,
      Object.values(m.problems).reduce((sum, count) => sum + count, 0),
      `${m.filesWithFixes} (${m.filesChangedByFixes} changed)`,
      m.crashes,
      m.fixesNotParsing,
      m.fixesUnstable,
      m.killed,
      m.lintSeconds,
    ].join(' | '),
  );
  const problems = report.modes.map((m) => `- ${m.mode}: ${Object.entries(m.problems).map(([rule, count]) => `\`${rule}\` ${count}`).join(', ') || 'none'}`);
  const failures = report.modes.flatMap((m) =>
    m.failures.map((f) => `- ${m.mode}, ${f.kind}${f.rule ? ` in \`${f.rule}\`` : ''}: \`${relative(f.file)}\` — ${f.detail}`),
  );
  const slowest = report.modes.map((m) => `- ${m.mode}: ${m.slowest.map((s) => `\`${relative(s.file)}\` ${(s.ms / 1000).toFixed(1)} s`).join(', ')}`);
  return `# Crash-free sweep: ${report.finishedAt}

\`${report.command}\` over ${report.root} — rules: ${report.rules.join(', ')}; plugin build ${report.pluginFingerprint}. Wall time ${Math.round(report.wallSeconds)} s.

| mode | files checked | parse errors | problems | files with fixes | crashes | fixes not parsing | unstable fixes | killed (hang / out of memory) | lint s |
|---|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join('\n')}

Problems by rule:
${problems.join('\n')}

Failures:
${failures.join('\n') || '- none'}

Slowest files:
${slowest.join('\n')}
`;
}
