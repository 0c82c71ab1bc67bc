import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const jsFile = path.join(typedFixtures, 'file.js');

export const fileCases: CasesFor<typeof rule> = {
  valid: [
    // The atomic forms.
    `import { mkdirSync } from 'node:fs'; mkdirSync(dir, { recursive: true });`,
    `import fs from 'node:fs'; if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });`,
    `import { rm } from 'node:fs/promises'; export async function f(p: string) { await rm(p, { force: true }); }`,
    `import fs from 'fs'; if (fs.existsSync(p)) fs.rmSync(p, { force: true });`,
    `import { writeFileSync, existsSync } from 'fs'; if (!existsSync(p)) writeFileSync(p, 'x', { flag: 'wx' });`,
    `import { openSync, existsSync } from 'fs'; if (!existsSync(p)) openSync(p, 'wx');`,
    `import { writeFile } from 'node:fs/promises';
     export async function f(p: string) {
       try { await writeFile(p, 'x', { flag: 'wx' }); } catch (error) { if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error; }
     }`,
    // The check only feeds a message.
    `import fs from 'node:fs'; console.log('exists:', fs.existsSync(p)); fs.writeFileSync(p, 'x');`,
    `import { existsSync, writeFileSync } from 'node:fs'; const found = existsSync(p); log(found); writeFileSync(p, 'x');`,
    // Different paths.
    `import { existsSync, mkdirSync } from 'node:fs'; if (!existsSync(a)) mkdirSync(b);`,
    `import { existsSync, writeFileSync } from 'node:fs'; import path from 'node:path';
     if (!existsSync(path.join(dir, 'a.json'))) writeFileSync(path.join(dir, 'b.json'), '{}');`,
    // The variable is reassigned between the check and the act.
    `import { existsSync, mkdirSync } from 'node:fs'; let d = first; if (!existsSync(d)) { d = second; mkdirSync(d); }`,
    // A call that may return a different value each time is a different path.
    `import { existsSync, writeFileSync } from 'node:fs'; if (!existsSync(tmpName())) writeFileSync(tmpName(), 'x');`,
    // Shadowed names: a local function called existsSync is not fs.existsSync.
    `import { mkdirSync } from 'node:fs'; function existsSync(p: string) { return p === ''; } if (!existsSync(dir)) mkdirSync(dir);`,
    `import { existsSync } from 'node:fs'; function f(existsSync: (p: string) => boolean, mkdirSync: (p: string) => void) { if (!existsSync(dir)) mkdirSync(dir); }`,
    // Not the fs module.
    `import { existsSync, mkdirSync } from './my-fs.js'; if (!existsSync(dir)) mkdirSync(dir);`,
    `const fs = { existsSync: (p: string) => false, mkdirSync: (p: string) => {} }; if (!fs.existsSync(dir)) fs.mkdirSync(dir);`,
    // The check is in another function.
    `import { existsSync, mkdirSync } from 'node:fs';
     function has(p: string) { return existsSync(p); }
     export function ensure(p: string) { if (!has(p)) mkdirSync(p); }`,
    // The act runs before the check.
    `import { existsSync, writeFileSync } from 'node:fs'; writeFileSync(p, 'x'); if (existsSync(p)) log('written');`,
    // Handling the error instead of checking.
    `import { readFileSync } from 'node:fs';
     try { readFileSync(p, 'utf8'); } catch (error) { if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error; }`,
    // A stat whose result is only logged, then an unrelated act.
    `import { statSync, readFileSync } from 'node:fs'; const info = statSync(p); console.log(info.size); readFileSync(q);`,
    // Plain JavaScript with require.
    { code: `const fs = require('fs'); if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });`, filename: jsFile },
  ],
  invalid: [
    {
      code: `import fs from 'node:fs';
if (!fs.existsSync(dir)) fs.mkdirSync(dir);`,
      output: `import fs from 'node:fs';
fs.mkdirSync(dir, { recursive: true });`,
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6, endColumn: 24, data: { check: 'existsSync', act: 'mkdirSync', resource: 'dir' } }],
    },
    {
      // Named import, block, mode option kept.
      code: `import { existsSync, mkdirSync } from 'fs';
if (!existsSync(dir)) {
  mkdirSync(dir, { mode: 0o755 });
}`,
      output: `import { mkdirSync } from 'fs';
mkdirSync(dir, { mode: 0o755, recursive: true });`,
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6 }],
    },
    {
      // Aliased named import and promise form.
      code: `import { existsSync as has } from 'node:fs';
import { mkdir as makeDir } from 'node:fs/promises';
export async function ensure(dir: string) {
  if (!has(dir)) await makeDir(dir);
}`,
      // The import the check used is removed with it.
      output: `import { mkdir as makeDir } from 'node:fs/promises';
export async function ensure(dir: string) {
  await makeDir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 4, column: 8, data: { check: 'existsSync', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // Namespace import, fs.promises, try/access/catch/mkdir.
      code: `import * as fs from 'fs';
export async function ensure(dir: string) {
  try {
    await fs.promises.access(dir);
  } catch {
    await fs.promises.mkdir(dir);
  }
}`,
      output: `import * as fs from 'fs';
export async function ensure(dir: string) {
  await fs.promises.mkdir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 4, column: 11, data: { check: 'access', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // The check's import stays while something else uses it.
      code: `import { existsSync, mkdirSync } from 'node:fs';
if (!existsSync(cache)) mkdirSync(cache);
export const hasConfig = () => existsSync('config.json');`,
      output: `import { existsSync, mkdirSync } from 'node:fs';
mkdirSync(cache, { recursive: true });
export const hasConfig = () => existsSync('config.json');`,
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6 }],
    },
    {
      // Delete with rm: add force.
      code: `import { existsSync, rmSync } from 'node:fs';
if (existsSync(p)) rmSync(p, { recursive: true });`,
      output: `import { rmSync } from 'node:fs';
rmSync(p, { recursive: true, force: true });`,
      errors: [{ messageId: 'checkThenDelete', line: 2, column: 5 }],
    },
    {
      // Delete with unlink: ignore ENOENT.
      code: `const fs = require('fs');
function clean(lock) {
  if (fs.existsSync(lock)) {
    fs.unlinkSync(lock);
  }
}`,
      filename: jsFile,
      output: `const fs = require('fs');
function clean(lock) {
  try {
    fs.unlinkSync(lock);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}`,
      errors: [{ messageId: 'checkThenDelete', line: 3, column: 7, data: { check: 'existsSync', act: 'unlinkSync', resource: 'lock' } }],
    },
    {
      // Destructured require, fs-extra pathExists and promise unlink.
      code: `const { pathExists, unlink } = require('fs-extra');
async function clean(file) {
  if (await pathExists(file)) await unlink(file);
}`,
      filename: jsFile,
      output: `const { unlink } = require('fs-extra');
async function clean(file) {
  try {
    await unlink(file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}`,
      errors: [{ messageId: 'checkThenDelete', line: 3, column: 13, data: { check: 'pathExists', act: 'unlink', resource: 'file' } }],
    },
    {
      // Create only if absent: exclusive flag, encoding kept.
      code: `import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
export function init(dir: string) {
  if (!existsSync(path.join(dir, 'config.json'))) {
    writeFileSync(path.join(dir, 'config.json'), '{}', 'utf8');
  }
}`,
      output: `import { writeFileSync } from 'node:fs';
import path from 'node:path';
export function init(dir: string) {
  try {
    writeFileSync(path.join(dir, 'config.json'), '{}', { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
}`,
      errors: [{ messageId: 'checkThenCreateFile', line: 4, column: 8, data: { check: 'existsSync', act: 'writeFileSync', resource: "path.join(dir, 'config.json')" } }],
    },
    {
      // A template literal over the same bindings; an error name already in use.
      code: `import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
export async function save(id: string, error: string) {
  if (!existsSync(\`out/\${id}.txt\`)) await writeFile(\`out/\${id}.txt\`, error);
}`,
      output: `import { writeFile } from 'node:fs/promises';
export async function save(id: string, error: string) {
  try {
    await writeFile(\`out/\${id}.txt\`, error, { flag: 'wx' });
  } catch (error2) {
    if (!(error2 instanceof Error && 'code' in error2 && error2.code === 'EEXIST')) throw error2;
  }
}`,
      errors: [{ messageId: 'checkThenCreateFile', line: 4, column: 8 }],
    },
    {
      // Read after a check: only a suggestion (the try would also catch other ENOENTs).
      code: `import fs from 'node:fs';
export function load(file: string) {
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    use(JSON.parse(text));
  }
}`,
      output: null,
      errors: [
        {
          messageId: 'checkThenRead',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestTryCatchEnoent',
              data: { check: 'existsSync', act: 'readFileSync', resource: 'file' },
              output: `import fs from 'node:fs';
export function load(file: string) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    use(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Early return on the check, then the act.
      code: `import { existsSync, writeFileSync } from 'node:fs';
export function write(p: string) {
  if (existsSync(p)) return false;
  writeFileSync(p, 'data');
  return true;
}`,
      output: null,
      errors: [{ messageId: 'checkThenAct', line: 3, column: 7, data: { check: 'existsSync', act: 'writeFileSync', resource: 'p' } }],
    },
    {
      // The result stored in a variable, then used in a condition; a stat.
      code: `import { statSync, chmodSync } from 'node:fs';
const info = statSync(target);
if (info.isFile()) chmodSync(target, 0o600);`,
      output: null,
      errors: [{ messageId: 'checkThenAct', line: 2, column: 14, data: { check: 'statSync', act: 'chmodSync', resource: 'target' } }],
    },
    {
      // A throwing check in try: the act after it in the same block.
      code: `import { access, rename } from 'node:fs/promises';
export async function move(from: string, to: string) {
  try {
    await access(to);
  } catch {
    await rename(from, to);
  }
}`,
      output: null,
      errors: [{ messageId: 'checkThenAct', line: 4, column: 11, data: { check: 'access', act: 'rename', resource: 'to' } }],
    },
    {
      // Callback form: the act in the check's callback.
      code: `const fs = require('node:fs');
fs.exists(dir, (exists) => {
  if (!exists) fs.mkdir(dir, () => {});
});`,
      filename: jsFile,
      output: null,
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 1, data: { check: 'exists', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // Dynamic import.
      code: `export async function ensure(dir: string) {
  const fs = await import('node:fs');
  if (!fs.existsSync(dir)) fs.mkdirSync(dir);
}`,
      output: `export async function ensure(dir: string) {
  const fs = await import('node:fs');
  fs.mkdirSync(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 8 }],
    },
    {
      // process.getBuiltinModule, `&&` as the condition, a constant path.
      code: `const fs = process.getBuiltinModule('fs');
const LOCK = '/tmp/app.lock';
fs.existsSync(LOCK) && fs.unlinkSync('/tmp/app.lock');`,
      output: null,
      errors: [{ messageId: 'checkThenDelete', line: 3, column: 1, data: { check: 'existsSync', act: 'unlinkSync', resource: 'LOCK' } }],
    },
    {
      // Parentheses, `as` and `!` around the path; comments inside the branch make the fix a suggestion.
      code: `import fs from 'node:fs';
if (!fs.existsSync((dir as string)!)) {
  // create the cache directory
  fs.mkdirSync(dir);
}`,
      output: null,
      errors: [
        {
          messageId: 'checkThenMkdir',
          line: 2,
          column: 6,
          suggestions: [
            {
              messageId: 'suggestAtomicForm',
              data: { check: 'existsSync', act: 'mkdirSync', resource: '(dir as string)!' },
              output: `import fs from 'node:fs';
fs.mkdirSync(dir, { recursive: true });`,
            },
          ],
        },
      ],
    },
    {
      // Optional chaining on the module object; graceful-fs as a drop-in.
      code: `import gfs from 'graceful-fs';
if (!gfs?.existsSync(out)) gfs?.mkdirSync(out);`,
      output: `import gfs from 'graceful-fs';
gfs?.mkdirSync(out, { recursive: true });`,
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6 }],
    },
    {
      // Ternary: read or fallback.
      code: `import { existsSync, readFileSync } from 'node:fs';
export const settings = existsSync('settings.json') ? readFileSync('settings.json', 'utf8') : '{}';`,
      output: null,
      errors: [{ messageId: 'checkThenRead', line: 2, column: 25 }],
    },
    {
      // A stream after an access check with a .then handler.
      code: `import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
access(upload).then(() => createReadStream(upload).pipe(res));`,
      output: null,
      errors: [{ messageId: 'checkThenRead', line: 3, column: 1, data: { check: 'access', act: 'createReadStream', resource: 'upload' } }],
    },
  ],
};
