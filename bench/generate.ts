/**
 * Writes a generated service project: `tsx bench/generate.ts --files 1000 [--seed 1] [--out DIR]`.
 * The benchmark generates its own; this entry point is for inspecting or type-checking one.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateProject } from './generate/project.js';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
});
const files = Number(values.files);
const directory = values.out ?? path.join(os.tmpdir(), 'race-bench', `service-${files}`);
const project = generateProject({ directory, files, seed: Number(values.seed) });
console.log(`${project.files} files, ${project.races.length} planted races: ${project.directory}`);
