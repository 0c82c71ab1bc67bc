import type { Anomalies } from './scenario.js';

export interface Row {
  readonly scenario: string;
  readonly rule: string;
  readonly fixKind: string;
  readonly before: Anomalies | undefined;
  readonly after: Anomalies | undefined;
  readonly runs: number;
  readonly status: 'passed' | 'failed' | 'pending';
  readonly note: string;
}

export const total = (anomalies: Anomalies | undefined): number =>
  Object.values(anomalies ?? {}).reduce((sum, count) => sum + (count ?? 0), 0);

const describe = (anomalies: Anomalies | undefined): string => {
  if (anomalies === undefined) return '-';
  const parts = Object.entries(anomalies).filter(([, count]) => (count ?? 0) > 0);
  return parts.length === 0 ? '0' : parts.map(([kind, count]) => `${count} ${kind}`).join(', ');
};

/** A plain-text table, one row per scenario, followed by the reasons of any failure. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['scenario', 'rule', 'fix kind', 'anomalies before', 'anomalies after', 'runs', 'result'];
  const cells = rows.map((row) => [row.scenario, `race/${row.rule}`, row.fixKind, describe(row.before), describe(row.after), String(row.runs), row.status]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const notes = rows.filter((row) => row.note !== '').map((row) => `  ${row.scenario}: ${row.note}`);
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
