/**
 * Scoring a run against the labels: a report of a family's rules whose line falls inside a label's span
 * matches that label. TRUE labels matched are found races (TP), TRUE labels missed are misses (FN),
 * FALSE-LOOKALIKE labels matched are false reports (FP). Reports on no labelled site are looked up in the triage.
 */
import { FAMILIES, familyOfRule, KINDS, type Family, type Kind, type Label, type TriageEntry } from './labels.js';

export interface WildReport {
  readonly repo: string;
  /** Relative to the repository root, with `/`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly message: string;
}

export interface FamilyScore {
  readonly family: Family;
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  /** TP / (TP + FP) on the labels; null when nothing labelled was reported. */
  readonly precision: number | null;
  /** TP / (TP + FN); null without TRUE labels. */
  readonly recall: number | null;
}

export type TriageVerdict = TriageEntry['verdict'] | 'UNTRIAGED';

export interface UnlabelledReport {
  readonly report: WildReport;
  readonly verdict: TriageVerdict;
  readonly kind: Kind | undefined;
  readonly reason: string;
}

export interface Tally {
  readonly TRUE: number;
  readonly DEBATABLE: number;
  readonly FALSE: number;
  readonly UNTRIAGED: number;
}

export interface Score {
  readonly families: FamilyScore[];
  /** Per label: whether a report of its family fell inside its span. */
  readonly labels: ReadonlyArray<{ readonly label: Label; readonly reported: boolean }>;
  readonly unlabelled: UnlabelledReport[];
  /** Every report, labelled and triaged together: TP and triaged TRUE are true, FP and triaged FALSE false. */
  readonly allReportsByRule: Readonly<Record<string, Tally>>;
  readonly allReportsByKind: Readonly<Record<string, Tally>>;
  /** (TRUE) / (TRUE + FALSE) over every report, debatable and untriaged left out; null without any. */
  readonly overallPrecision: number | null;
}

const inSpan = (label: Label, report: WildReport): boolean =>
  label.repo === report.repo && label.path === report.path && report.line >= label.start && report.line <= label.end && familyOfRule(report.rule) === label.family;

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

const emptyTally = (): { TRUE: number; DEBATABLE: number; FALSE: number; UNTRIAGED: number } => ({ TRUE: 0, DEBATABLE: 0, FALSE: 0, UNTRIAGED: 0 });

const triageKey = (repo: string, path: string, line: number, rule: string): string => `${repo}\0${path}\0${line}\0${rule}`;

/** Scores `reports` of the repositories in `repos` (labels of other repositories are left out). */
export function score(reports: readonly WildReport[], labels: readonly Label[], triage: readonly TriageEntry[], repos: ReadonlySet<string>): Score {
  const scoredLabels = labels.filter((label) => repos.has(label.repo)).map((label) => ({ label, reported: reports.some((report) => inSpan(label, report)) }));
  const families = (Object.keys(FAMILIES) as Family[]).map((family): FamilyScore => {
    const of = scoredLabels.filter(({ label }) => label.family === family);
    const count = (verdict: Label['verdict'], reported: boolean) => of.filter(({ label, reported: r }) => label.verdict === verdict && r === reported).length;
    const truePositives = count('TRUE', true);
    const falseNegatives = count('TRUE', false);
    const falsePositives = count('FALSE-LOOKALIKE', true);
    const trueNegatives = count('FALSE-LOOKALIKE', false);
    return {
      family,
      truePositives,
      falseNegatives,
      falsePositives,
      trueNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, truePositives + falseNegatives),
    };
  });

  const triaged = new Map(triage.map((entry) => [triageKey(entry.repo, entry.path, entry.line, entry.rule), entry]));
  const byRule: Record<string, ReturnType<typeof emptyTally>> = {};
  const byKind: Record<string, ReturnType<typeof emptyTally>> = Object.fromEntries(KINDS.map((kind) => [kind, emptyTally()]));
  const add = (rule: string, kind: Kind | undefined, verdict: TriageVerdict) => {
    (byRule[rule] ??= emptyTally())[verdict] += 1;
    (byKind[kind ?? 'unknown'] ??= emptyTally())[verdict] += 1;
  };

  const unlabelled: UnlabelledReport[] = [];
  for (const report of reports) {
    const label = scoredLabels.find(({ label: candidate }) => inSpan(candidate, report))?.label;
    if (label) {
      add(report.rule, label.kind, label.verdict === 'TRUE' ? 'TRUE' : 'FALSE');
      continue;
    }
    const entry = triaged.get(triageKey(report.repo, report.path, report.line, report.rule));
    const verdict = entry?.verdict ?? 'UNTRIAGED';
    add(report.rule, entry?.kind, verdict);
    unlabelled.push({ report, verdict, kind: entry?.kind, reason: entry?.reason ?? '' });
  }
  const totals = Object.values(byRule).reduce((sum, tally) => ({ TRUE: sum.TRUE + tally.TRUE, FALSE: sum.FALSE + tally.FALSE }), { TRUE: 0, FALSE: 0 });
  return {
    families,
    labels: scoredLabels,
    unlabelled,
    allReportsByRule: byRule,
    allReportsByKind: byKind,
    overallPrecision: ratio(totals.TRUE, totals.TRUE + totals.FALSE),
  };
}

const formatRatio = (value: number | null): string => (value === null ? '–' : value.toFixed(2));

/** The run's tables in Markdown. */
export function scoreMarkdown(result: Score): string {
  const lines = [
    '| family | TP | FN | FP | TN (look-alikes quiet) | precision | recall |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.families.map(
      (f) => `| ${f.family} | ${f.truePositives} | ${f.falseNegatives} | ${f.falsePositives} | ${f.trueNegatives} | ${formatRatio(f.precision)} | ${formatRatio(f.recall)} |`,
    ),
    '',
    'Every report, labelled and triaged (TRUE = a TRUE label or triaged true; FALSE = a look-alike label or triaged false):',
    '',
    '| | TRUE | DEBATABLE | FALSE | untriaged | precision (TRUE / (TRUE + FALSE)) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(result.allReportsByRule)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([rule, t]) => `| ${rule} | ${t.TRUE} | ${t.DEBATABLE} | ${t.FALSE} | ${t.UNTRIAGED} | ${formatRatio(ratio(t.TRUE, t.TRUE + t.FALSE))} |`),
    ...Object.entries(result.allReportsByKind)
      .filter(([, t]) => t.TRUE + t.DEBATABLE + t.FALSE + t.UNTRIAGED > 0)
      .map(([kind, t]) => `| kind: ${kind} | ${t.TRUE} | ${t.DEBATABLE} | ${t.FALSE} | ${t.UNTRIAGED} | ${formatRatio(ratio(t.TRUE, t.TRUE + t.FALSE))} |`),
    '',
    `Precision of all reports (debatable and untriaged left out): ${formatRatio(result.overallPrecision)}`,
  ];
  return `${lines.join('\n')}\n`;
}
