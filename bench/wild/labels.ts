/**
 * The labels (sites read by a person, `labels.txt`) and the triage (reports on no labelled site, read and
 * judged, `triage.txt`): one site or report a line, fields separated by ` | `, `#` starting a comment.
 */
import { readFileSync } from 'node:fs';

/** Rule families, as the issues name them: each is one or two rules. */
export const FAMILIES = {
  'check-then-act': ['race/no-check-then-act'],
  'read-modify-write': ['race/no-read-modify-write'],
  lock: ['race/no-unguarded-lock-release', 'race/require-lock-ttl'],
  idempotency: ['race/require-idempotency-key'],
} as const;

export type Family = keyof typeof FAMILIES;

/** What the shared resource is: the triage totals are given per kind. */
export const KINDS = ['fs', 'db', 'redis', 'lock', 'handler', 'memory'] as const;
export type Kind = (typeof KINDS)[number];

export const familyOfRule = (ruleId: string): Family | undefined =>
  (Object.keys(FAMILIES) as Family[]).find((family) => (FAMILIES[family] as readonly string[]).includes(ruleId));

export interface Label {
  readonly repo: string;
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly family: Family;
  readonly kind: Kind;
  readonly verdict: 'TRUE' | 'FALSE-LOOKALIKE';
  readonly reason: string;
  /** Line of labels.txt, for messages. */
  readonly line: number;
}

export interface TriageEntry {
  readonly repo: string;
  readonly path: string;
  readonly line: number;
  readonly rule: string;
  readonly verdict: 'TRUE' | 'FALSE' | 'DEBATABLE';
  readonly kind: Kind;
  readonly reason: string;
}

const SITE = /^(\S+\/\S+)\s+(.+):(\d+)(?:-(\d+))?$/;

/** Content lines with their line numbers: blank lines and `#` comments dropped. */
function contentLines(text: string): Array<{ text: string; line: number }> {
  return text
    .split('\n')
    .map((line, index) => ({ text: line.trim(), line: index + 1 }))
    .filter(({ text: line }) => line !== '' && !line.startsWith('#'));
}

function fail(file: string, line: number, problem: string): never {
  throw new Error(`${file}:${line}: ${problem}`);
}

function parseSite(file: string, line: number, text: string): { repo: string; path: string; start: number; end: number } {
  const site = SITE.exec(text);
  if (!site) fail(file, line, `expected 'owner/name path:START-END', got '${text}'`);
  const start = Number(site[3]);
  const end = site[4] === undefined ? start : Number(site[4]);
  if (end < start) fail(file, line, `the span ends before it starts (${start}-${end})`);
  return { repo: site[1]!, path: site[2]!, start, end };
}

function parseKind(file: string, line: number, text: string): Kind {
  if (!(KINDS as readonly string[]).includes(text)) fail(file, line, `unknown kind '${text}' (expected ${KINDS.join(', ')})`);
  return text as Kind;
}

/** Reads label lines: `owner/name path:START-END | family:kind | TRUE or FALSE-LOOKALIKE | reason`. */
export function parseLabels(text: string, file = 'labels.txt'): Label[] {
  return contentLines(text).map(({ text: entry, line }) => {
    const fields = entry.split(' | ').map((field) => field.trim());
    if (fields.length !== 4) fail(file, line, `expected 4 fields separated by ' | ', got ${fields.length}`);
    const [site, familyAndKind, verdict, reason] = fields as [string, string, string, string];
    const [family, kind = ''] = familyAndKind.split(':');
    if (!(family! in FAMILIES)) fail(file, line, `unknown family '${family}' (expected ${Object.keys(FAMILIES).join(', ')})`);
    if (verdict !== 'TRUE' && verdict !== 'FALSE-LOOKALIKE') fail(file, line, `verdict must be TRUE or FALSE-LOOKALIKE, got '${verdict}'`);
    return { ...parseSite(file, line, site), family: family as Family, kind: parseKind(file, line, kind), verdict, reason, line };
  });
}

/** Reads triage lines: `owner/name path:LINE | race/rule | TRUE, FALSE or DEBATABLE | kind | reason`. */
export function parseTriage(text: string, file = 'triage.txt'): TriageEntry[] {
  return contentLines(text).map(({ text: entry, line }) => {
    const fields = entry.split(' | ').map((field) => field.trim());
    if (fields.length !== 5) fail(file, line, `expected 5 fields separated by ' | ', got ${fields.length}`);
    const [site, rule, verdict, kind, reason] = fields as [string, string, string, string, string];
    if (!familyOfRule(rule)) fail(file, line, `unknown rule '${rule}'`);
    if (verdict !== 'TRUE' && verdict !== 'FALSE' && verdict !== 'DEBATABLE') fail(file, line, `verdict must be TRUE, FALSE or DEBATABLE, got '${verdict}'`);
    const { repo, path, start } = parseSite(file, line, site);
    return { repo, path, line: start, rule, verdict, kind: parseKind(file, line, kind), reason };
  });
}

export const readLabels = (file: string): Label[] => parseLabels(readFileSync(file, 'utf8'), file);
export const readTriage = (file: string): TriageEntry[] => parseTriage(readFileSync(file, 'utf8'), file);
