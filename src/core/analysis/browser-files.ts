import { statSync } from 'node:fs';
import path from 'node:path';

/** Whether a directory holds a Meteor application (its `.meteor/release`), by directory. */
const meteorApps = new Map<string, boolean>();

function isMeteorApp(directory: string): boolean {
  let known = meteorApps.get(directory);
  if (known === undefined) {
    try {
      known = statSync(path.join(directory, '.meteor', 'release')).isFile();
    } catch {
      known = false;
    }
    meteorApps.set(directory, known);
  }
  return known;
}

/**
 * A file of a Meteor application's `client/` folder, which Meteor's build loads only in the browser: one
 * user's tab, not state that requests of many users share. The folder name alone is no evidence (`src/client/`
 * of a server is an API client), so the application around it must be a Meteor one (`.meteor/release`).
 */
export function isMeteorClientFile(filename: string, cwd: string): boolean {
  if (!path.isAbsolute(filename)) return false;
  const segments = path.relative(cwd, filename).split(path.sep);
  if (segments[0] === '..' || !segments.slice(0, -1).includes('client')) return false;
  for (let directory = path.dirname(filename); directory.startsWith(cwd); directory = path.dirname(directory)) {
    if (path.basename(directory) === 'client' && isMeteorApp(path.dirname(directory))) return true;
    if (directory === cwd || path.dirname(directory) === directory) return false;
  }
  return false;
}
