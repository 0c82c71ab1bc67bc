/**
 * Progress on a terminal. ESLint's API reports nothing until every file is linted, so a rule that reports
 * nothing counts the files instead: ESLint creates it once per file, in whichever thread lints the file. In the
 * main thread it calls the display directly, since linting keeps the event loop busy; worker threads announce
 * the file on a channel that every thread of the process shares.
 */
import type { Linter, Rule } from 'eslint';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

const CHANNEL_NAME = 'race-lint:linted-files';

type FileListener = (filePath: string) => void;

/**
 * The display of this thread, when it shows one. Kept on the global object: ESLint imports the rule through
 * the options module's URL, and a second copy of this module must find the same display.
 */
const DISPLAY = Symbol.for('race-lint:progress-display');
const displays = globalThis as { [DISPLAY]?: FileListener };

let announcer: BroadcastChannel | undefined;

function announce(filePath: string): void {
  if (isMainThread) {
    displays[DISPLAY]?.(filePath);
    return;
  }
  if (announcer === undefined) {
    announcer = new BroadcastChannel(CHANNEL_NAME);
    // The worker thread must be able to exit while the channel is open.
    announcer.unref();
  }
  announcer.postMessage(filePath);
}

const countFiles: Rule.RuleModule = {
  meta: { type: 'suggestion', docs: { description: 'Counts linted files for the progress display' }, schema: [] },
  create(context) {
    announce(context.filename);
    return {};
  },
};

export const progressConfig: Linter.Config = {
  plugins: { 'race-lint': { meta: { name: 'race-lint-progress' }, rules: { 'count-files': countFiles } } },
  rules: { 'race-lint/count-files': 'warn' },
};

export interface ProgressStream {
  write(text: string): unknown;
}

const REDRAW_INTERVAL_MS = 100;

/**
 * Shows "N/total files linted (Ts)" on one redrawn line once the run has lasted `delayMs`, and erases it on
 * `stop`. It redraws after each file (at most every 100 ms) and, while workers lint, every second.
 */
export function startProgress(stream: ProgressStream, total: number, delayMs: number): { stop(): void } {
  const startedAt = Date.now();
  // Fixes make ESLint lint a file again: count each file once.
  const linted = new Set<string>();
  let drawnAt: number | undefined;
  const draw = (): void => {
    const now = Date.now();
    if (now - startedAt < delayMs || (drawnAt !== undefined && now - drawnAt < REDRAW_INTERVAL_MS)) return;
    const seconds = Math.round((now - startedAt) / 1000);
    stream.write(`\r\x1b[Krace-lint: ${linted.size}/${total} file${total === 1 ? '' : 's'} linted (${seconds}s)`);
    drawnAt = now;
  };
  const onFile = (filePath: string): void => {
    linted.add(filePath);
    draw();
  };
  displays[DISPLAY] = onFile;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event) => onFile(String((event as { data: unknown }).data));
  channel.unref();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      channel.close();
      delete displays[DISPLAY];
      if (drawnAt !== undefined) stream.write('\r\x1b[K');
    },
  };
}
