import type { ESLint, Linter } from 'eslint';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordedStepsOf, type ReportStep, type ReportSteps, type StepRegion } from '../core/report-steps.js';

/** What a SARIF consumer (GitHub code scanning) shows for a rule. */
export interface RuleDescription {
  readonly id: string;
  readonly description?: string | undefined;
  readonly url?: string | undefined;
}

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

export interface SarifOptions {
  /** The directory result URIs are relative to (`--sarif-root`, the repository root); the working directory by default. */
  readonly root?: string | undefined;
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Result locations are relative to this base, which the consumer maps to its checkout. */
const SOURCE_ROOT = '%SRCROOT%';

/** The name of this tool's fingerprint in `partialFingerprints`, versioned as SARIF advises. */
const FINGERPRINT = 'raceLintLineHash/v1';

type Precision = 'very-high' | 'high' | 'medium' | 'low';
type ProblemSeverity = 'error' | 'warning' | 'recommendation';

/**
 * How often a rule's findings are real races, and how bad one is, as GitHub code scanning sorts and filters
 * them. The recommended rules report only what their analysis proves (their false positives found by the sweep
 * are fixed and tested); require-idempotency-key guesses which handlers a client retries, and is not recommended.
 */
const RULE_QUALITY: Readonly<Record<string, { precision: Precision; severity: ProblemSeverity }>> = {
  'no-check-then-act': { precision: 'high', severity: 'error' },
  'no-read-modify-write': { precision: 'high', severity: 'error' },
  'no-unguarded-lock-release': { precision: 'high', severity: 'error' },
  'require-lock-ttl': { precision: 'very-high', severity: 'error' },
  'require-idempotency-key': { precision: 'medium', severity: 'warning' },
};

/** Every race is a concurrency problem, and most are exploitable (double spends, duplicate orders). */
const RULE_TAGS = ['security', 'concurrency'];

const levelOf = (message: Linter.LintMessage): 'error' | 'warning' => (message.severity === 2 ? 'error' : 'warning');

// ---------------------------------------------------------------------------------------------------------
// Rules and their documentation

/** The rule docs (rules/<name>.md, shipped in the package): beside src/ when run from source, beside dist/ when built. */
const DOC_DIRECTORIES = ['../../rules/', '../../../rules/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

function readRuleDoc(name: string): string | undefined {
  for (const directory of DOC_DIRECTORIES) {
    try {
      return readFileSync(path.join(directory, `${name}.md`), 'utf8');
    } catch {
      // Not in this layout: try the next.
    }
  }
  return undefined;
}

/** Relative links of a doc made absolute, since code scanning shows the help away from the repository. */
const absoluteLinks = (markdown: string, docUrl: string | undefined): string =>
  docUrl === undefined
    ? markdown
    : markdown.replace(/\]\((?![a-z][a-z0-9+.-]*:)([^)\s]+)\)/gi, (_, target: string) => `](${new URL(target, docUrl).href})`);

/** The paragraph that follows a heading, on one line. */
function paragraphAfter(markdown: string, heading: RegExp): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const first = rest.findIndex((line) => line.trim() !== '');
  if (first === -1) return undefined;
  const end = rest.findIndex((line, index) => index > first && line.trim() === '');
  return rest
    .slice(first, end === -1 ? undefined : end)
    .map((line) => line.trim())
    .join(' ');
}

function driverRule(rule: RuleDescription) {
  const name = rule.id.replace(/^[^/]+\//, '');
  const doc = readRuleDoc(name);
  const summary = rule.description ?? (doc && paragraphAfter(doc, /^# /)) ?? rule.id;
  // The doc's "Why", when it is one self-contained paragraph (not the lead-in to a list).
  const why = doc && paragraphAfter(doc, /^## Why\b/);
  const fullDescription = why && !why.endsWith(':') ? `${withStop(summary)} ${why}` : withStop(summary);
  const markdown = doc === undefined ? `${withStop(summary)}${rule.url ? ` See [the rule's documentation](${rule.url}).` : ''}` : absoluteLinks(doc, rule.url);
  const quality = RULE_QUALITY[name] ?? { precision: 'medium', severity: 'warning' };
  return {
    id: rule.id,
    shortDescription: { text: summary },
    fullDescription: { text: fullDescription },
    help: { text: doc ?? `${withStop(summary)}${rule.url ? ` See ${rule.url}` : ''}`, markdown },
    ...(rule.url === undefined ? {} : { helpUri: rule.url }),
    properties: { tags: RULE_TAGS, precision: quality.precision, 'problem.severity': quality.severity },
  };
}

const withStop = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

// ---------------------------------------------------------------------------------------------------------
// Locations

/** Where result URIs point: relative to the root when the file is inside it, else an absolute file URI. */
function artifactLocation(root: string, filePath: string) {
  const relative = path.relative(root, filePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(filePath).href };
  // A URI reference: forward slashes, each segment percent-encoded.
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** SARIF lines and columns start at 1; some parsers report column 0 for the start of a line. */
const atLeastOne = (value: number): number => Math.max(1, value);

function region(line: number, column: number, endLine?: number, endColumn?: number) {
  return {
    startLine: line,
    startColumn: atLeastOne(column),
    // ESLint's end column, like SARIF's, is one past the last character.
    ...(endLine === undefined ? {} : { endLine }),
    ...(endColumn === undefined ? {} : { endColumn: atLeastOne(endColumn) }),
  };
}

function messageLocation(root: string, filePath: string, message: Linter.LintMessage) {
  const artifact = artifactLocation(root, filePath);
  // Some file-level messages (an ignored file) have no position; SARIF lines start at 1.
  if (!(message.line >= 1)) return { physicalLocation: { artifactLocation: artifact } };
  return { physicalLocation: { artifactLocation: artifact, region: region(message.line, message.column, message.endLine, message.endColumn) } };
}

const stepLocation = (root: string, filePath: string, at: StepRegion) => ({
  physicalLocation: { artifactLocation: artifactLocation(root, filePath), region: region(at.startLine, at.startColumn, at.endLine, at.endColumn) },
});

// ---------------------------------------------------------------------------------------------------------
// Results

type Message = Linter.LintMessage & { suppressions?: Linter.LintSuppression[] };

/** The text the messages of a result refer to: after the fixes, as linted last; read from disk when ESLint kept none. */
function linkedText(result: ESLint.LintResult): string | undefined {
  if (result.output !== undefined) return result.output;
  if (result.source !== undefined) return result.source;
  try {
    return readFileSync(result.filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The line's code without its indentation or spacing, which reformatting changes. */
const normalisedLine = (lines: readonly string[] | undefined, line: number): string => (lines?.[line - 1] ?? '').trim().replace(/\s+/g, ' ');

/**
 * A fingerprint per message that survives edits elsewhere in the file: the rule, the file and the reported
 * line's code, and which occurrence of that same line and rule in the file it is (not the line number).
 */
function fingerprints(messages: readonly Message[], uri: string, lines: readonly string[] | undefined): string[] {
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const key = `${message.ruleId ?? ''}\u0000${uri}\u0000${normalisedLine(lines, message.line)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}

/**
 * The race as two concurrent callers run it, on the reported lines: A checks, B checks, A acts, B acts. Each
 * caller is a thread flow; `executionOrder` interleaves them.
 */
function codeFlow(root: string, filePath: string, steps: ReportSteps) {
  const step = (caller: 'A' | 'B', order: number, { region: at, label }: ReportStep) => ({
    executionOrder: order,
    location: { ...stepLocation(root, filePath, at), message: { text: `Caller ${caller}: ${label}` } },
  });
  const thread = (caller: 'A' | 'B', first: number) => ({
    id: caller,
    message: { text: `Caller ${caller}` },
    locations: [step(caller, first, steps.check), step(caller, first + 2, steps.act)],
  });
  return {
    message: { text: `Two concurrent callers interleave. A: ${steps.check.label}; B: the same; A: ${steps.act.label}; B: the same.` },
    threadFlows: [thread('A', 1), thread('B', 2)],
  };
}

function resultsOf(result: ESLint.LintResult, root: string, ruleIndex: ReadonlyMap<string, number>) {
  const messages: Message[] = [...result.messages, ...result.suppressedMessages]
    .filter((message) => message.ruleId !== null)
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (messages.length === 0) return [];
  const text = linkedText(result);
  const lines = text?.replace(/^\uFEFF/, '').split(/\r\n|[\r\n\u2028\u2029]/);
  const location = artifactLocation(root, result.filePath);
  const prints = fingerprints(messages, location.uri, lines);
  const stepsAt = text === undefined ? () => undefined : recordedStepsOf(result.filePath, text);
  return messages.map((message, index) => {
    const ruleId = message.ruleId!;
    const steps = stepsAt(ruleId, message.line, message.column);
    // Comments that disable a rule: SARIF readers show these results as dismissed, with the comment's reason.
    const suppressions = message.suppressions?.map(({ kind, justification }) => ({
      kind: kind === 'directive' ? 'inSource' : 'external',
      status: 'accepted',
      ...(justification === '' ? {} : { justification }),
    }));
    const indexOfRule = ruleIndex.get(ruleId);
    return {
      ruleId,
      ...(indexOfRule === undefined ? {} : { ruleIndex: indexOfRule }),
      level: levelOf(message),
      message: { text: message.message },
      locations: [messageLocation(root, result.filePath, message)],
      partialFingerprints: { [FINGERPRINT]: prints[index]! },
      ...(steps === undefined ? {} : { codeFlows: [codeFlow(root, result.filePath, steps)] }),
      ...(suppressions === undefined ? {} : { suppressions }),
    };
  });
}

/**
 * The results as a SARIF 2.1.0 log, in the shape GitHub code scanning reads: one run whose driver lists every
 * enabled rule with its documentation, and one result per problem. Problems without a rule (parse errors) are
 * tool notifications: they are no finding about the code, but the reader must know a file could not be checked.
 */
export function formatSarif(
  results: readonly ESLint.LintResult[],
  rules: readonly RuleDescription[],
  tool: SarifTool,
  cwd: string,
  options: SarifOptions = {},
): string {
  const root = path.resolve(cwd, options.root ?? '.');
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const notifications = results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId === null)
      .map((message) => ({
        level: levelOf(message),
        message: { text: message.message },
        locations: [messageLocation(root, result.filePath, message)],
      })),
  );

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules: rules.map(driverRule) } },
        // A trailing slash: the base is a directory.
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        // ESLint counts columns in UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((result) => resultsOf(result, root, ruleIndex)),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
