/**
 * Progress on a terminal. ESLint's API reports nothing until every file is linted, so a rule that reports
 * nothing counts the files instead: ESLint creates it once per file, in whichever thread lints the file, and it
 * announces the file on a channel that every thread of the process shares.
 */
import type { Linter, Rule } from 'eslint';
import { BroadcastChannel } from 'node:worker_threads';

const CHANNEL_NAME = 'race-lint:linted-files';

let announcer: BroadcastChannel | undefined;

const countFiles: Rule.RuleModule = {
  meta: { type: 'suggestion', docs: { description: 'Counts linted files for the progress display' }, schema: [] },
  create(context) {
    if (announcer === undefined) {
      announcer = new BroadcastChannel(CHANNEL_NAME);
      // A worker thread must be able to exit while the channel is open.
      announcer.unref();
    }
    announcer.postMessage(context.filename);
    return {};
  },
};

export const progressConfig: Linter.Config = {
  plugins: { 'race-lint': { rules: { 'count-files': countFiles } } },
  rules: { 'race-lint/count-files': 'warn' },
};

export interface ProgressStream {
  write(text: string): unknown;
}

const REDRAW_INTERVAL_MS = 100;

/**
 * Shows "N files linted (Ts)" on one redrawn line once the run has lasted `delayMs`, and erases it on `stop`.
 * Redraws happen whenever the main thread is free: between files, or all along when workers lint.
 */
export function startProgress(stream: ProgressStream, delayMs: number): { stop(): void } {
  const startedAt = Date.now();
  const linted = new Set<string>();
  let shown = false;
  const draw = (): void => {
    if (Date.now() - startedAt < delayMs) return;
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    stream.write(`\r\x1b[Krace-lint: ${linted.size} file${linted.size === 1 ? '' : 's'} linted (${seconds}s)`);
    shown = true;
  };
  const listener = new BroadcastChannel(CHANNEL_NAME);
  // Fixes make ESLint lint a file again: count each file once.
  listener.onmessage = (event) => linted.add(String((event as { data: unknown }).data));
  listener.unref();
  const timer = setInterval(draw, REDRAW_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      listener.close();
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
