import type { ApiCall, CallForm, Effect, ExportTable, ModuleLibrary } from './model.js';

/**
 * Node's file system, described once and reused by every module that exposes it. The first argument names
 * the path for every call here; `rename`, `copyFile`, `cp`, `symlink` and `link` act on their second
 * argument too (the destination), so both count as the resource.
 */
const FILE_CALLS: Readonly<Record<string, { effect: Effect; resourceArgs: readonly number[] }>> = {
  exists: { effect: 'check', resourceArgs: [0] },
  stat: { effect: 'check', resourceArgs: [0] },
  lstat: { effect: 'check', resourceArgs: [0] },
  access: { effect: 'check', resourceArgs: [0] },
  writeFile: { effect: 'write', resourceArgs: [0] },
  appendFile: { effect: 'write', resourceArgs: [0] },
  readFile: { effect: 'read', resourceArgs: [0] },
  open: { effect: 'act', resourceArgs: [0] },
  unlink: { effect: 'delete', resourceArgs: [0] },
  rm: { effect: 'delete', resourceArgs: [0] },
  rmdir: { effect: 'delete', resourceArgs: [0] },
  mkdir: { effect: 'create', resourceArgs: [0] },
  rename: { effect: 'act', resourceArgs: [0, 1] },
  copyFile: { effect: 'act', resourceArgs: [0, 1] },
  cp: { effect: 'act', resourceArgs: [0, 1] },
  chmod: { effect: 'act', resourceArgs: [0] },
  chown: { effect: 'act', resourceArgs: [0] },
  symlink: { effect: 'create', resourceArgs: [1] },
  link: { effect: 'create', resourceArgs: [1] },
  truncate: { effect: 'write', resourceArgs: [0] },
};

/** Stream factories exist only in the sync-returning form. */
const STREAM_CALLS: Readonly<Record<string, { effect: Effect; resourceArgs: readonly number[] }>> = {
  createReadStream: { effect: 'read', resourceArgs: [0] },
  createWriteStream: { effect: 'write', resourceArgs: [0] },
};

const table = (form: CallForm | 'dual', withSync: boolean): Record<string, ApiCall> => {
  const out: Record<string, ApiCall> = {};
  for (const [name, call] of Object.entries(FILE_CALLS)) {
    // `fs.exists` is deprecated and has no promise form.
    if (!(name === 'exists' && form === 'promise')) out[name] = { ...call, form };
    if (withSync) out[`${name}Sync`] = { ...call, form: 'sync' };
  }
  if (withSync) for (const [name, call] of Object.entries(STREAM_CALLS)) out[name] = { ...call, form: 'sync' };
  return out;
};

const promisesTable: ExportTable = table('promise', false);

/** `fs` and its drop-in replacements: sync, callback and `promises` forms. */
const fsExports: ExportTable = { ...table('callback', true), promises: promisesTable };

export const nodeFs: ModuleLibrary = { id: 'fs', modules: ['fs', 'node:fs', 'graceful-fs'], exports: fsExports };

export const nodeFsPromises: ModuleLibrary = {
  id: 'fs/promises',
  modules: ['fs/promises', 'node:fs/promises'],
  exports: promisesTable,
};

/** fs-extra wraps every async call so that it returns a promise when no callback is passed. */
export const fsExtra: ModuleLibrary = {
  id: 'fs-extra',
  modules: ['fs-extra'],
  exports: {
    ...table('dual', true),
    promises: promisesTable,
    pathExists: { effect: 'check', resourceArgs: [0], form: 'dual' },
    pathExistsSync: { effect: 'check', resourceArgs: [0], form: 'sync' },
  },
};

export const fileSystemLibraries: readonly ModuleLibrary[] = [nodeFs, nodeFsPromises, fsExtra];
