import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const jsFile = path.join(typedFixtures, 'file.js');

/** A command of fixtures/typed/admin-console (no bin; it asks at the terminal with inquirer and serves nothing). */
const adminCommand = `import { PrismaClient } from '../../../prisma/index.js';
const prisma = new PrismaClient();
export async function addOwner(email: string) {
  const existing = await prisma.user.findFirst({ where: { email } });
  if (existing) return existing;
  return prisma.user.create({ data: { email } });
}`;
const adminCommandFile = path.join(typedFixtures, 'admin-console', 'src', 'commands', 'delete-organization.ts');

/** A command of fixtures/typed/cli-tool (a bin, no server dependency). */
const cliInit = `import { access, mkdir } from 'node:fs/promises';
export async function init(dir: string) {
  try { await access(dir); } catch { await mkdir(dir); }
}`;

export const fileCases: CasesFor<typeof rule> = {
  valid: [
    // A synchronous check and act with nothing awaited between: no other callback of the process runs in
    // between (option synchronousPairs).
    `import { existsSync, mkdirSync } from 'node:fs';
     export async function saveUpload(dir: string, save: () => Promise<void>) {
       if (!existsSync(dir)) mkdirSync(dir);
       await save();
     }`,
    `import fs from 'node:fs';
     export async function rotate(paths: string[], flush: () => Promise<void>) {
       for (const p of paths) {
         if (fs.existsSync(p)) fs.unlinkSync(p);
         await flush();
       }
     }`,
    // A command-line package (fixtures/typed/cli-tool: a bin, no server or queue-worker dependency).
    {
      code: cliInit,
      filename: path.join(typedFixtures, 'cli-tool', 'src', 'commands', 'init.ts'),
    },
    // An operator's console (fixtures/typed/admin-console): no bin, but it depends on a terminal prompt library
    // and on no server: a person runs each command once.
    { code: adminCommand, filename: adminCommandFile },
    // A repository's own tooling folders outside src/: tools/, extra/, releases/.
    {
      code: `import { existsSync, mkdirSync } from 'node:fs'; export function ensure(dir: string) { if (!existsSync(dir)) mkdirSync(dir); }`,
      filename: path.join(typedFixtures, 'tools', 'backup-db.ts'),
    },
    {
      code: `const fs = require('fs'); if (fs.existsSync('./dist')) fs.renameSync('./dist', './dist-backup');`,
      filename: path.join(typedFixtures, 'extra', 'download-dist.js'),
    },
    // The error of the act is handled: a concurrent removal costs a logged ENOENT, not a failed request.
    `import { existsSync } from 'node:fs';
     import { unlink } from 'node:fs/promises';
     declare function removeRow(id: string): Promise<void>;
     export async function cleanUp(old: { id: string; logPath: string }[]) {
       for (const entry of old) {
         try {
           if (existsSync(entry.logPath)) await unlink(entry.logPath);
           await removeRow(entry.id);
         } catch (error) {
           console.error('cleanup failed', error);
         }
       }
     }`,
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
    // A static file read after a check: nothing in the module deletes or renames it (bundled assets,
    // templates, package.json); a missing file is an error the read reports anyway.
    `import { existsSync, readFileSync } from 'node:fs';
     export const settings = existsSync('settings.json') ? readFileSync('settings.json', 'utf8') : '{}';`,
    `import { existsSync, readFileSync } from 'node:fs'; import path from 'node:path';
     export function template(name: string) {
       const file = path.join(TEMPLATES, name);
       return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
     }
     export const removeUpload = (id: string) => unlinkSync(path.join(UPLOADS, id));`,
    // The check classifies the path (how to copy it), it does not guard the read.
    `import { statSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
     export function load(p: string) { if (statSync(p).isDirectory()) return readdirSync(p); return readFileSync(p); }
     export const drop = (p: string) => unlinkSync(p);`,
    `import { lstat, copyFile, rm } from 'node:fs/promises';
     export async function copy(from: string, to: string) { if (!(await lstat(from)).isSymbolicLink()) await copyFile(from, to); await rm(from); }`,
    // stat for the size of a file this function has just written.
    `import { writeFileSync, statSync, readFileSync, unlinkSync } from 'node:fs';
     export function sizeOf(tmp: string, data: string) { writeFileSync(tmp, data); const size = statSync(tmp).size; const text = size > 0 ? readFileSync(tmp, 'utf8') : ''; unlinkSync(tmp); return text; }`,
    // Appending creates a missing file and keeps an existing one.
    `import { existsSync, createWriteStream, appendFileSync } from 'node:fs';
     export function log(p: string, line: string) { if (!existsSync(p)) appendFileSync(p, 'header\\n'); createWriteStream(p, { flags: 'a' }).end(line); }`,
    `import { existsSync, createWriteStream } from 'node:fs';
     export function open(p: string) { if (!existsSync(p)) return createWriteStream(p, { flags: 'a' }); return undefined; }`,
    // One-shot programs: a shebang, a scripts/ folder, build configuration. No second actor.
    `#!/usr/bin/env node
     import { existsSync, mkdirSync } from 'node:fs';
     export function setUp(dir: string) { if (!existsSync(dir)) mkdirSync(dir); }`,
    {
      code: `import { existsSync, mkdirSync } from 'node:fs'; export function seed(dir: string) { if (!existsSync(dir)) mkdirSync(dir); }`,
      filename: path.join(typedFixtures, 'scripts', 'seed.ts'),
    },
    {
      code: `import { existsSync, rmSync } from 'node:fs'; export default { buildStart() { if (existsSync('out')) rmSync('out'); } };`,
      filename: path.join(typedFixtures, 'vite.config.ts'),
    },
    // A file that a package.json script runs (fixtures/typed/package.json: "tsx ./seed-script.ts --fresh").
    {
      code: `import fs from 'node:fs'; export function seed(dir: string) { if (!fs.existsSync(dir)) fs.mkdirSync(dir); }`,
      filename: path.join(typedFixtures, 'seed-script.ts'),
    },
  ],
  invalid: [
    {
      // A file that a package.json script starts but that serves ("start-server": "node ./server-entry.ts"): the
      // script is the server's entry point, where requests interleave, not a one-shot program.
      code: `import express from 'express';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
const app = express();
app.post('/uploads/:id', async (req, res) => {
  const dir = 'uploads/' + req.params.id;
  if (!existsSync(dir)) await mkdir(dir);
  res.end();
});
app.listen(3000);`,
      filename: path.join(typedFixtures, 'server-entry.ts'),
      output: `import express from 'express';
import { mkdir } from 'node:fs/promises';
const app = express();
app.post('/uploads/:id', async (req, res) => {
  const dir = 'uploads/' + req.params.id;
  await mkdir(dir, { recursive: true });
  res.end();
});
app.listen(3000);`,
      errors: [{ messageId: 'checkThenMkdir', line: 7, column: 8, data: { check: 'existsSync', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // A synchronous check and an asynchronous act: the directory is created later, on the thread pool, and
      // another request's check can run before it exists.
      code: `import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
export async function saveUpload(dir: string) {
  if (!existsSync(dir)) await mkdir(dir);
}`,
      output: `import { mkdir } from 'node:fs/promises';
export async function saveUpload(dir: string) {
  await mkdir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 4, column: 8, data: { check: 'existsSync', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // A stream opens its file after the call returns: other callbacks run before it does.
      code: `import fs from 'node:fs';
export function download(pdfPath: string, deleteLater: (file: string) => void) {
  if (!fs.existsSync(pdfPath)) return null;
  deleteLater(pdfPath);
  return fs.createReadStream(pdfPath);
}`,
      options: [{ checkReads: 'always' }],
      errors: [{ messageId: 'checkThenRead', line: 3, column: 8, data: { check: 'existsSync', act: 'createReadStream', resource: 'pdfPath' } }],
    },
    {
      // Synchronous calls with an await between: other requests run at the await.
      code: `import { existsSync, writeFileSync } from 'node:fs';
export async function render(file: string, build: () => Promise<string>) {
  if (!existsSync(file)) {
    const html = await build();
    writeFileSync(file, html);
  }
}`,
      errors: [{ messageId: 'checkThenCreateFile', line: 3, column: 8, data: { check: 'existsSync', act: 'writeFileSync', resource: 'file' } }],
    },
    {
      // A package with a bin that depends on a server (fixtures/typed/dev-server-cli: express) serves requests.
      code: `import { access, mkdir } from 'node:fs/promises';
export async function serveUploads(dir: string) {
  try { await access(dir); } catch { await mkdir(dir); }
}`,
      filename: path.join(typedFixtures, 'dev-server-cli', 'src', 'uploads.ts'),
      output: `import { mkdir } from 'node:fs/promises';
export async function serveUploads(dir: string) {
  await mkdir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 15, data: { check: 'access', act: 'mkdir', resource: 'dir' } }],
    },
    {
      // A library that also ships a command (fixtures/typed/library-with-cli: a bin beside its exports): servers
      // import its modules.
      code: cliInit,
      filename: path.join(typedFixtures, 'library-with-cli', 'src', 'store.ts'),
      output: `import { mkdir } from 'node:fs/promises';
export async function init(dir: string) {
  await mkdir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 15 }],
    },
    {
      // The same command-line package with scripts: 'report'.
      code: cliInit,
      filename: path.join(typedFixtures, 'cli-tool', 'src', 'commands', 'init.ts'),
      options: [{ scripts: 'report' }],
      output: `import { mkdir } from 'node:fs/promises';
export async function init(dir: string) {
  await mkdir(dir, { recursive: true });
}`,
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 15 }],
    },
    {
      // The same console with scripts: 'report'.
      code: adminCommand,
      filename: adminCommandFile,
      options: [{ scripts: 'report' }],
      errors: [{ messageId: 'databaseCheckThenCreate', line: 4, column: 26 }],
    },
    {
      // A tools/ folder inside src/ holds request handlers (an MCP server's tools), not tooling.
      code: `import { existsSync, mkdirSync } from 'node:fs'; export function ensure(dir: string) { if (!existsSync(dir)) mkdirSync(dir); }`,
      filename: path.join(typedFixtures, 'src', 'mcp', 'tools', 'dev-server.ts'),
      output: `import { mkdirSync } from 'node:fs'; export function ensure(dir: string) { mkdirSync(dir, { recursive: true }); }`,
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 1, column: 93 }],
    },
    {
      // The catch around the act throws again: the EEXIST of a concurrent creation still fails the call.
      code: `import { existsSync, mkdirSync } from 'node:fs';
export function ensure(dir: string) {
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir);
    } catch (error) {
      console.error(error);
      throw new Error('cannot create the upload directory');
    }
  }
}`,
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 8, data: { check: 'existsSync', act: 'mkdirSync', resource: 'dir' } }],
    },
    {
      code: `import fs from 'node:fs';
if (!fs.existsSync(dir)) fs.mkdirSync(dir);`,
      output: `import fs from 'node:fs';
fs.mkdirSync(dir, { recursive: true });`,
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6 }],
    },
    {
      // Delete with rm: add force.
      code: `import { existsSync, rmSync } from 'node:fs';
if (existsSync(p)) rmSync(p, { recursive: true });`,
      output: `import { rmSync } from 'node:fs';
rmSync(p, { recursive: true, force: true });`,
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenCreateFile', line: 4, column: 8 }],
    },
    {
      // Read after a check of a file the module also deletes: only a suggestion (the try would also catch
      // other ENOENTs).
      code: `import fs from 'node:fs';
export function load(file: string) {
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    use(JSON.parse(text));
  }
}
export const drop = (file: string) => fs.unlinkSync(file);`,
      output: null,
      options: [{ synchronousPairs: 'report' }],
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
}
export const drop = (file: string) => fs.unlinkSync(file);`,
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
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenAct', line: 3, column: 7, data: { check: 'existsSync', act: 'writeFileSync', resource: 'p' } }],
    },
    {
      // The result stored in a variable, then used in a condition; a stat.
      code: `import { statSync, chmodSync } from 'node:fs';
const info = statSync(target);
if (info.isFile()) chmodSync(target, 0o600);`,
      output: null,
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 8 }],
    },
    {
      // process.getBuiltinModule, `&&` as the condition, a constant path.
      code: `const fs = process.getBuiltinModule('fs');
const LOCK = '/tmp/app.lock';
fs.existsSync(LOCK) && fs.unlinkSync('/tmp/app.lock');`,
      output: null,
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
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
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 2, column: 6 }],
    },
    {
      // Ternary: read or fallback, of a file this module also deletes.
      code: `import { existsSync, readFileSync, unlinkSync } from 'node:fs';
export const settings = existsSync('settings.json') ? readFileSync('settings.json', 'utf8') : '{}';
export const reset = () => unlinkSync('settings.json');`,
      output: null,
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenRead', line: 2, column: 25 }],
    },
    {
      // A stream after an access check with a .then handler; uploads expire in the same module.
      code: `import { createReadStream } from 'node:fs';
import { access, unlink } from 'node:fs/promises';
access(upload).then(() => createReadStream(upload).pipe(res));
export const expire = () => unlink(upload);`,
      output: null,
      errors: [{ messageId: 'checkThenRead', line: 3, column: 1, data: { check: 'access', act: 'createReadStream', resource: 'upload' } }],
    },
    {
      // A cache directory: entries read after a check, evicted by rename and deleted elsewhere in the module.
      code: `import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
export async function cached(key: string) {
  return existsSync(path.join(CACHE_DIR, key)) ? readFile(path.join(CACHE_DIR, key), 'utf8') : undefined;
}
export const evict = (key: string) => rm(\`\${CACHE_DIR}/\${key}\`);`,
      output: null,
      errors: [{ messageId: 'checkThenRead', line: 5, column: 10, data: { check: 'existsSync', act: 'readFile', resource: "path.join(CACHE_DIR, key)" } }],
    },
    {
      // With checkReads: 'always', a read after a check is reported even when nothing deletes the file.
      code: `import { existsSync, readFileSync } from 'node:fs';
export const settings = existsSync('settings.json') ? readFileSync('settings.json', 'utf8') : '{}';`,
      options: [{ synchronousPairs: 'report', checkReads: 'always' }],
      output: null,
      errors: [{ messageId: 'checkThenRead', line: 2, column: 25 }],
    },
    {
      // The same code in a file that no package script runs is reported.
      code: `import fs from 'node:fs'; export function seed(dir: string) { if (!fs.existsSync(dir)) fs.mkdirSync(dir); }`,
      output: `import fs from 'node:fs'; export function seed(dir: string) { fs.mkdirSync(dir, { recursive: true }); }`,
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenMkdir', line: 1, column: 68 }],
    },
    {
      // With scripts: 'report', a script is linted like any other file.
      code: `#!/usr/bin/env node
import { existsSync, mkdirSync } from 'node:fs';
export function setUp(dir: string) { if (!existsSync(dir)) mkdirSync(dir); }`,
      options: [{ synchronousPairs: 'report', scripts: 'report' }],
      output: `#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
export function setUp(dir: string) { mkdirSync(dir, { recursive: true }); }`,
      errors: [{ messageId: 'checkThenMkdir', line: 3, column: 43 }],
    },
    {
      // A write after a check stays reported: writing is an act even on a file nothing deletes.
      code: `import { existsSync, writeFileSync } from 'node:fs';
export function save(p: string) { if (existsSync(p)) writeFileSync(p, 'x'); }`,
      output: null,
      options: [{ synchronousPairs: 'report' }],
      errors: [{ messageId: 'checkThenAct', line: 2, column: 39 }],
    },
  ],
};
