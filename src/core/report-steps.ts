import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createHash } from 'node:crypto';

/**
 * The two steps of a race that a report stands for, so that a reader (race-lint's SARIF output) can draw the
 * interleaving of two concurrent callers on the real lines: A checks, B checks, A acts, B acts.
 *
 * Rules report through ESLint, whose messages carry one location only; the steps are kept beside them in a
 * process-wide registry, keyed by file, rule and report position, and tied to the exact text that was linted,
 * so that a reader never attaches the steps of another version of the file (a `--fix` pass, an edit). Lints in
 * other threads or served from a cache record nothing here: a reader then has no steps, never wrong ones.
 */

/** A region as ESLint reports one: lines from 1, columns from 1, the end column one past the last character. */
export interface StepRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ReportStep {
  readonly region: StepRegion;
  /** What the step does, in a few words (`` `existsSync` checks `dir` ``). */
  readonly label: string;
}

export interface ReportSteps {
  /** The check, read or acquire that the race starts from. */
  readonly check: ReportStep;
  /** The act, write or release that relies on it. */
  readonly act: ReportStep;
}

/** A step as a pattern names it: the node and a short label. */
export interface StepNode {
  readonly node: TSESTree.Node;
  readonly label: string;
}

interface FileSteps {
  /** The hash of the text linted when these steps were recorded. */
  readonly textHash: string;
  /** Steps by rule and position; `null` when two reports at one position recorded different steps. */
  readonly byReport: Map<string, ReportSteps | null>;
}

/**
 * On `globalThis`, so that copies of this module (the plugin loaded twice, from dist/ and from a project's
 * node_modules) share one registry.
 */
const REGISTRY = Symbol.for('eslint-plugin-race/report-steps');
const registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new Map<string, FileSteps>()) as Map<string, FileSteps>;

const BOM = '\uFEFF';

/** The text as ESLint's `SourceCode` holds it: without a byte order mark. */
const hashText = (text: string): string => createHash('sha1').update(text.startsWith(BOM) ? text.slice(BOM.length) : text).digest('hex');

/** One hash per linted text (a `SourceCode` per file and fix pass), however many reports it has. */
const textHashes = new WeakMap<object, string>();

function textHashOf(sourceCode: Readonly<TSESLint.SourceCode>): string {
  let hash = textHashes.get(sourceCode);
  if (hash === undefined) {
    hash = hashText(sourceCode.text);
    textHashes.set(sourceCode, hash);
  }
  return hash;
}

const reportKey = (ruleId: string, line: number, column: number): string => `${ruleId}\u0000${line}:${column}`;

const regionOf = (node: TSESTree.Node): StepRegion => ({
  startLine: node.loc.start.line,
  startColumn: node.loc.start.column + 1,
  endLine: node.loc.end.line,
  endColumn: node.loc.end.column + 1,
});

const sameSteps = (a: ReportSteps, b: ReportSteps): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Records the steps of a report made at `reported` (the node ESLint places the message on). */
export function recordReportSteps(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  reported: TSESTree.Node,
  steps: { readonly check: StepNode; readonly act: StepNode },
): void {
  const textHash = textHashOf(context.sourceCode);
  let file = registry.get(context.filename);
  // A new text of the file (an edit, the next fix pass) replaces what was recorded for the old one.
  if (file?.textHash !== textHash) {
    file = { textHash, byReport: new Map() };
    registry.set(context.filename, file);
  }
  const recorded: ReportSteps = {
    check: { region: regionOf(steps.check.node), label: steps.check.label },
    act: { region: regionOf(steps.act.node), label: steps.act.label },
  };
  const key = reportKey(context.id, reported.loc.start.line, reported.loc.start.column + 1);
  const earlier = file.byReport.get(key);
  file.byReport.set(key, earlier === undefined || (earlier !== null && sameSteps(earlier, recorded)) ? recorded : null);
}

/** Reports a problem, with the steps of the race it stands for. */
export function reportWithSteps<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
  descriptor: TSESLint.ReportDescriptor<MessageIds> & { readonly node: TSESTree.Node },
  steps: { readonly check: StepNode; readonly act: StepNode },
): void {
  context.report(descriptor);
  recordReportSteps(context, descriptor.node, steps);
}

/**
 * The steps recorded in this process for the reports in a file that was linted as `text`, by rule and position
 * (as ESLint's lint results give them); nothing for a report when none were recorded for that text, or when two
 * reports at its position recorded different ones.
 */
export function recordedStepsOf(filePath: string, text: string): (ruleId: string, line: number, column: number) => ReportSteps | undefined {
  const file = registry.get(filePath);
  if (!file || file.textHash !== hashText(text)) return () => undefined;
  return (ruleId, line, column) => file.byReport.get(reportKey(ruleId, line, column)) ?? undefined;
}
