import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A short hash of the JavaScript of a plugin build (the folder above `src/index.js`): identifies the rules a
 * run used. Results of an earlier sweep are reused only for the same build; a benchmark notes a change mid-run.
 */
export function buildFingerprint(pluginEntry: string): string {
  const hash = createHash('sha1');
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(path.resolve(path.dirname(pluginEntry), '..'));
  return hash.digest('hex').slice(0, 12);
}
