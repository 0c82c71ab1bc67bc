/**
 * What README.md's "Use it in ESLint" tells a user to do, read from the README itself: the packages of its
 * `npm install` line and its config snippet, so that tests run the README as written.
 */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { repository } from './built-cli.js';

const HEADING = '## Use it in ESLint';

/** The text of the section under `HEADING`, up to the next heading of the same level. */
function readmeSection(): string {
  const readme = readFileSync(path.join(repository, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const end = readme.indexOf('\n## ', start + HEADING.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The first fenced block of `language` in the section, without its fences. */
function fencedBlock(section: string, language: string): string {
  const match = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'm').exec(section);
  if (!match?.[1]) throw new Error(`"${HEADING}" has no \`\`\`${language} block`);
  return match[1];
}

/** The config snippet (the section's ```js block) and the file name its first line gives (`// eslint.config.mjs`). */
export function readmeConfig(): { fileName: string; text: string } {
  const text = fencedBlock(readmeSection(), 'js');
  const fileName = /^\/\/ (eslint\.config\.[cm]?js)\n/.exec(text)?.[1];
  if (!fileName) throw new Error(`the config snippet does not start with its file name: ${text.split('\n')[0]}`);
  return { fileName, text };
}

/** The packages of the section's `npm install --save-dev …` line. */
export function readmePackages(): string[] {
  const line = fencedBlock(readmeSection(), 'sh')
    .split('\n')
    .find((candidate) => candidate.startsWith('npm install'));
  if (!line) throw new Error(`"${HEADING}" has no npm install line`);
  return line.split(/\s+/).slice(2).filter((word) => !word.startsWith('-'));
}

/**
 * Puts a package into a project's node_modules as npm would: this package as `eslint-plugin-race`, any other
 * as a link to the repository's node_modules (the versions this package is tested with).
 */
export function linkPackage(root: string, name: string): void {
  const target = name === 'eslint-plugin-race' ? repository : path.join(repository, 'node_modules', name);
  const link = path.join(root, 'node_modules', name);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}
