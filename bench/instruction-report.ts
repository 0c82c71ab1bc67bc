import type { TargetCheck } from './analyse.js';
import { AREAS, type Area, type InstructionCount } from './cachegrind.js';
import type { Machine } from './machine.js';
import { summarize, type Summary } from './stats.js';

export interface CountedCase {
  readonly id: string;
  readonly label: string;
  /** One per round. */
  readonly counts: readonly InstructionCount[];
  readonly problems: number;
}

export interface InstructionCaseReport {
  readonly id: string;
  readonly label: string;
  /** The lint's instructions: the whole process's less the start-up's median. */
  readonly instructions: Summary;
  /** Median over the floor's median; the range divides extremes (lowest over highest, highest over lowest). */
  readonly toFloor: Summary;
  /** Per area, the median of this case less the floor's median: where the extra instructions went. */
  readonly overFloorByArea: Readonly<Record<Area, number>>;
  readonly problems: number;
}

/** One case over another measured case, the way `toFloor` and `overFloorByArea` read a case over the floor. */
export interface CaseOverCase {
  readonly ratio: Summary;
  readonly byArea: Readonly<Record<Area, number>>;
}

export interface InstructionSizeReport {
  readonly files: number;
  /** The process start-up shared by every case (Node, then loading ESLint), subtracted from each. */
  readonly startup: Summary;
  readonly cases: readonly InstructionCaseReport[];
  /**
   * (c) over (a'''), a rule that listens and does nothing: what the rules add beyond V8's reaction to any
   * listener (a shifted garbage collection schedule), which a project with any other rule already pays.
   */
  readonly allOverListening?: CaseOverCase;
}

const medianOf = (values: readonly number[]) => summarize(values).median;

/** The first case is the floor. */
export function analyseInstructions(files: number, startup: readonly InstructionCount[], cases: readonly CountedCase[]): InstructionSizeReport {
  const startupMedian = medianOf(startup.map((count) => count.instructions));
  const startupByArea = (area: Area) => medianOf(startup.map((count) => count.byArea[area]));
  const lintInstructions = (entry: CountedCase) => entry.counts.map((count) => count.instructions - startupMedian);
  const areaMedian = (entry: CountedCase, area: Area) => medianOf(entry.counts.map((count) => count.byArea[area])) - startupByArea(area);
  const over = (entry: CountedCase, base: CountedCase): CaseOverCase => {
    const [instructions, baseInstructions] = [summarize(lintInstructions(entry)), summarize(lintInstructions(base))];
    const min = instructions.min / baseInstructions.max;
    const max = instructions.max / baseInstructions.min;
    const median = instructions.median / baseInstructions.median;
    return {
      ratio: { median, min, max, spread: (max - min) / median },
      byArea: Object.fromEntries(AREAS.map((area) => [area, areaMedian(entry, area) - areaMedian(base, area)])) as Record<Area, number>,
    };
  };
  const floor = cases[0]!;
  const [listening, all] = [cases.find((entry) => entry.id === 'listening-rule'), cases.find((entry) => entry.id === 'all')];
  return {
    files,
    startup: summarize(startup.map((count) => count.instructions)),
    cases: cases.map((entry) => {
      const { ratio, byArea } = over(entry, floor);
      return { id: entry.id, label: entry.label, instructions: summarize(lintInstructions(entry)), toFloor: ratio, overFloorByArea: byArea, problems: entry.problems };
    }),
    ...(listening && all && { allOverListening: over(all, listening) }),
  };
}

const caseOf = (size: InstructionSizeReport | undefined, id: string) => size?.cases.find((entry) => entry.id === id);
const fixed = (value: number, digits = 3) => value.toFixed(digits);
const billions = (value: number) => (value / 1e9).toFixed(2);

/** The issue's time targets, read in instructions. */
export function checkInstructionTargets(sizes: readonly InstructionSizeReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const size of sizes) {
    const all = caseOf(size, 'all');
    if (!all) continue;
    checks.push({
      target: `(c)/(a) ≤ 1.05 on ${size.files} files, in instructions`,
      value: `${fixed(all.toFloor.median)} (${fixed(all.toFloor.min)}–${fixed(all.toFloor.max)})`,
      pass: all.toFloor.max <= 1.05,
    });
  }
  const small = sizes.find((size) => size.files === 1000);
  const large = sizes.find((size) => size.files === 5000);
  const [smallFloor, largeFloor, smallAll, largeAll] = [caseOf(small, 'floor'), caseOf(large, 'floor'), caseOf(small, 'all'), caseOf(large, 'all')];
  if (smallFloor && largeFloor && smallAll && largeAll) {
    for (const [id, smallCase, largeCase] of [['floor', smallFloor, largeFloor], ['all', smallAll, largeAll]] as const) {
      const value = largeCase.instructions.median / smallCase.instructions.median;
      checks.push({ target: `${id}: 5,000 vs 1,000 files at most 5x + 10%, in instructions`, value: `${fixed(value, 2)}x`, pass: value <= 5.5 });
    }
    const rules = (largeAll.instructions.median - largeFloor.instructions.median) / (smallAll.instructions.median - smallFloor.instructions.median);
    checks.push({ target: 'the rules\' instructions (c) - (a), 5,000 vs 1,000 files: at most 5x + 10%', value: `${fixed(rules, 2)}x`, pass: rules <= 5.5 });
  }
  return checks;
}

export interface InstructionReport {
  readonly command: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly valgrind: string;
  readonly nodeFlags: readonly string[];
  readonly plugin: { readonly version: string; readonly build?: string };
  readonly repeat: number;
  readonly sizes: readonly InstructionSizeReport[];
  readonly targets: readonly TargetCheck[];
}

const overListeningLine = ({ ratio, byArea }: CaseOverCase) =>
  `(c) over (a'''), what the rules add beyond a rule that only listens: ${fixed(ratio.median)} (${fixed(ratio.min)}–${fixed(ratio.max)}); by area, billions: ${AREAS.map((area) => billions(byArea[area])).join(' / ')}.\n`;

function sizeSection(size: InstructionSizeReport, repeat: number): string {
  const rows = size.cases.map((entry, index) =>
    [
      entry.label,
      `${billions(entry.instructions.median)} (${billions(entry.instructions.min)}–${billions(entry.instructions.max)})`,
      // The first case is the floor.
      index === 0 ? '1' : `${fixed(entry.toFloor.median)} (${fixed(entry.toFloor.min)}–${fixed(entry.toFloor.max)})`,
      index === 0 ? '' : AREAS.map((area) => billions(entry.overFloorByArea[area])).join(' / '),
      `${entry.problems}`,
    ].join(' | '),
  );
  return `### ${size.files} files, ${repeat} runs per case

Start-up (Node, loading ESLint), subtracted from every case: ${billions(size.startup.median)} billion instructions.

| case | billion instructions, median (min–max) | / (a) (range) | over (a) by area, billions: ${AREAS.join(' / ')} | problems |
|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join('\n')}
${size.allOverListening ? `\n${overListeningLine(size.allOverListening)}` : ''}`;
}

export function instructionMarkdown(report: InstructionReport): string {
  const { machine } = report;
  return `# Instruction counts: ${report.startedAt}

\`${report.command}\` — eslint-plugin-race ${report.plugin.version}, build ${report.plugin.build ?? '?'}.

Each run is one lint in a fresh \`node ${report.nodeFlags.join(' ')}\` under \`${report.valgrind}\` (cachegrind, \`--cache-sim=no\`):
every instruction of every thread, whatever else the machine runs. Instructions are work, not time: they do
not count cache misses or stalls. Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}. Run took ${Math.round(report.durationSeconds)} s.

${report.sizes.map((size) => sizeSection(size, report.repeat)).join('\n')}
Areas are named by the native function that executed the instructions: JIT-compiled JavaScript has no symbol,
so a rule's own code and ESLint's or typescript-eslint's code all count as "JavaScript and builtins".

## Targets

| target | measured | pass |
|---|---|---|
${report.targets.map((check) => `| ${check.target} | ${check.value} | ${check.pass ? 'yes' : '**no**'} |`).join('\n')}
`;
}
