import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.tsx'] as const;

/** Every source file under `root`, sorted; symbolic links (`.bin`) are not followed. */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

const rank = (file: string, seed: string) => createHash('sha1').update(`${seed}:${file}`).digest('hex');

/**
 * A fixed sample: the `count` files whose hashed names rank lowest. The same file stays in the sample while
 * others are installed or removed, so that samples of two days compare. Names are hashed relative to `root`,
 * so that two checkouts in different folders (CI's clone, a developer's tree) sample the same files.
 */
export function sampleFiles(files: readonly string[], count: number, root: string, seed = 'sweep'): string[] {
  if (count >= files.length) return [...files];
  return [...files]
    .map((file) => ({ file, key: rank(path.relative(root, file).split(path.sep).join('/'), seed) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, count)
    .map(({ file }) => file)
    .sort();
}

/** The installed package a file belongs to: `.../node_modules/@scope/name` or `.../node_modules/name`. */
export function packageRoot(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return path.dirname(file);
  const rest = file.slice(at + marker.length).split(path.sep);
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  return file.slice(0, at + marker.length) + rest.slice(0, depth).join(path.sep);
}

const moduleTypeByDirectory = new Map<string, boolean>();

/** Whether Node loads a `.js` file as a module: the nearest package.json says `"type": "module"`. */
function isModulePackage(directory: string): boolean {
  const known = moduleTypeByDirectory.get(directory);
  if (known !== undefined) return known;
  let isModule: boolean;
  try {
    isModule = (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { type?: string }).type === 'module';
  } catch {
    const parent = path.dirname(directory);
    isModule = parent !== directory && isModulePackage(parent);
  }
  moduleTypeByDirectory.set(directory, isModule);
  return isModule;
}

/** An import or export statement at the start of a line: how bundlers tell ESM in `.js` files of CommonJS packages (`esm/` folders). */
const MODULE_SYNTAX = /^(?:import[\s{*'"]|export[\s{*])/m;

export function sourceTypeOf(file: string, text: string): 'module' | 'commonjs' {
  if (file.endsWith('.mjs') || file.endsWith('.ts') || file.endsWith('.tsx')) return 'module';
  if (file.endsWith('.cjs')) return 'commonjs';
  return isModulePackage(path.dirname(file)) || MODULE_SYNTAX.test(text) ? 'module' : 'commonjs';
}

export const isJavaScript = (file: string): boolean => /\.[cm]?js$/.test(file);
