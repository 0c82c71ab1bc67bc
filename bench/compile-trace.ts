/** What V8's `--trace-opt` printed over one run: each optimizing compilation, by function name. */
export interface CompileTrace {
  /** Milliseconds spent compiling (the three phases V8 prints), summed per function name. */
  readonly msByFunction: ReadonlyMap<string, number>;
  /** Completed compilations per function name: more than one means it was deoptimized and compiled again. */
  readonly compilationsByFunction: ReadonlyMap<string, number>;
}

// Names may hold spaces (`get protocol`); on-stack replacement prints `OSR` after the target.
const COMPLETED = /^\[completed compiling \S+ <JSFunction (?:(.+?) )?\(sfi = \S+\)> \(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms\]$/;

export function readCompileTrace(output: string): CompileTrace {
  const msByFunction = new Map<string, number>();
  const compilationsByFunction = new Map<string, number>();
  for (const line of output.split('\n')) {
    const match = COMPLETED.exec(line);
    // Other lines are V8's marking and bailout messages, or the lint's own output.
    if (!match) continue;
    // An anonymous function prints an empty name.
    const name = match[1] || '(anonymous)';
    const ms = Number(match[2]) + Number(match[3]) + Number(match[4]);
    msByFunction.set(name, (msByFunction.get(name) ?? 0) + ms);
    compilationsByFunction.set(name, (compilationsByFunction.get(name) ?? 0) + 1);
  }
  return { msByFunction, compilationsByFunction };
}

export const totalMs = (trace: CompileTrace): number => [...trace.msByFunction.values()].reduce((sum, ms) => sum + ms, 0);
export const totalCompilations = (trace: CompileTrace): number => [...trace.compilationsByFunction.values()].reduce((sum, count) => sum + count, 0);
