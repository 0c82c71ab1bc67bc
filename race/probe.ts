/**
 * Shows what a rule reports on a scenario and the source its fix produces, without running anything:
 *   npx tsx race/probe.ts <rule> <fixtures/race-scenarios/file.ts> [autofix | <suggestion messageId>] ['<options JSON>']
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FixFailure, fixWithPlugin } from './fix.js';

const [rule, file, request = 'autofix', options = '[]'] = process.argv.slice(2);
if (!rule || !file) throw new Error('usage: race/probe.ts <rule> <file> [autofix | <suggestion messageId>] [options JSON]');
const source = await readFile(file, 'utf8');
try {
  const outcome = await fixWithPlugin(
    { rule, options: JSON.parse(options) as unknown[] },
    undefined,
    request === 'autofix' ? { kind: 'autofix' } : { kind: 'suggestion', messageId: request },
    source,
    path.resolve(file),
  );
  console.log(`reported: ${outcome.reported.join(', ')}\napplied: ${outcome.applied}\n---\n${outcome.fixed}`);
} catch (error) {
  if (!(error instanceof FixFailure)) throw error;
  console.log(error.message);
}
