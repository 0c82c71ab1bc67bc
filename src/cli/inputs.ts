import { existsSync } from 'node:fs';
import path from 'node:path';

const GLOB_CHARACTERS = /[*?[\]{}]/;

/** Splits the command line's paths into those ESLint can lint and those that do not exist (globs pass through). */
export function partitionPaths(cwd: string, paths: readonly string[]): { existing: string[]; missing: string[] } {
  const existing: string[] = [];
  const missing: string[] = [];
  for (const given of paths) {
    const found = GLOB_CHARACTERS.test(given) || existsSync(path.resolve(cwd, given));
    (found ? existing : missing).push(given);
  }
  return { existing, missing };
}
