import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

const jsFile = path.join(typedFixtures, 'file.js');

/** A declared client library, so that the typed tier knows `connect()` returns a promise of an object. */
const client = `interface Client { query(sql: string): Promise<unknown> }
declare function connect(): Promise<Client>;
declare function load(key: string): Promise<string>;
declare function init(): Promise<void>;
`;

/** A memo read through a local that holds the state. */
const settingsMemo = `interface Settings { theme: string }
declare function loadSettings(): Promise<Settings>;
let settings: Settings | undefined;
export async function getSettings(): Promise<Settings> {
  const cached = settings;
  if (cached) return cached;
  const loaded = await loadSettings();
  settings = loaded;
  return loaded;
}`;
/** A cooldown stamp compared with the clock. */
const cooldownStamp = `declare function requestThrottle(): Promise<boolean>;
let cooldownUntil = 0;
export async function throttle() {
  if (Date.now() < cooldownUntil) return;
  const answered = await requestThrottle();
  if (!answered) cooldownUntil = Date.now() + 60_000;
}`;
/** A set of migrated boards filled after an await (quiet in a Meteor client/ folder). */
const boardMigration = `declare function migrate(boardId: string): Promise<void>;
const migratedBoards = new Set<string>();
export async function startMigration(boardId: string) {
  if (migratedBoards.has(boardId)) return;
  await migrate(boardId);
  migratedBoards.add(boardId);
}`;

/** A probe's sticky answer: `false` stops every later call, any other answer lets the next call probe again. */
const stickyAnswer = `declare function probe(): Promise<{ error?: unknown } | null>;
let supported: boolean | null = null;
export async function requestThrottle() {
  if (supported === false) return null;
  const answer = await probe();
  if (answer && answer.error) {
    supported = false;
    return null;
  }
  supported = true;
  return answer;
}`;
/** A calculator stored in a shared table, then initialised through itself. */
const calculatorClass = `declare function loadHistory(id: number): Promise<number[]>;
class Calculator {
  history: number[] = [];
  async init(id: number) {
    this.history = await loadHistory(id);
  }
}
`;

/** A store class of the application whose \`create\` refuses a key it already holds (\`create\` is the placeholder). */
const noteStore = (create: string) => `declare function loadRevision(id: number): Promise<string>;
class Note {
  constructor(readonly id: number, readonly content: string) {}
}
class NoteStore {
  private notes = new Map<number, Note>();
  create(id: number, content: string): Note {
${create}
  }
  find(id: number): Note | undefined {
    return this.notes.get(id);
  }
}
`;
const refusingCreate = `    if (this.notes.has(id)) throw new Error('already open');
    const note = new Note(id, content);
    this.notes.set(id, note);
    return note;`;
/** A NestJS singleton whose lookup misses, then calls a method that awaits before creating. */
const noteService = (body: string) => `import { Injectable } from '@nestjs/common';
@Injectable()
export class NoteService {
  constructor(private store: NoteStore) {}
${body}
}`;
const twoMethodGetOrCreate = `  async open(id: number): Promise<Note> {
    return this.store.find(id) ?? (await this.createNote(id));
  }
  private async createNote(id: number): Promise<Note> {
    const content = await loadRevision(id);
    return this.store.create(id, content);
  }`;

export const sharedStateCases: CasesFor<typeof rule> = {
  valid: [
    // A store whose create overwrites, or returns the entry it holds: a second create does not throw.
    `${noteStore(`    const note = new Note(id, content);
    this.notes.set(id, note);
    return note;`)}${noteService(twoMethodGetOrCreate)}`,
    `${noteStore(`    const held = this.notes.get(id);
    if (held) return held;
    const note = new Note(id, content);
    this.notes.set(id, note);
    return note;`)}${noteService(twoMethodGetOrCreate)}`,
    // The lookup repeated after the \`await\`, next to the create: no call can come between them.
    `${noteStore(refusingCreate)}${noteService(`  async open(id: number): Promise<Note> {
    return this.store.find(id) ?? (await this.createNote(id));
  }
  private async createNote(id: number): Promise<Note> {
    const content = await loadRevision(id);
    return this.store.find(id) ?? this.store.create(id, content);
  }`)}`,
    // The create called by a method that does not look the key up first.
    `${noteStore(refusingCreate)}${noteService(`  async reopen(id: number): Promise<Note> {
    return this.createNote(id);
  }
  private async createNote(id: number): Promise<Note> {
    const content = await loadRevision(id);
    return this.store.create(id, content);
  }`)}`,
    // A sticky answer of the awaited call: calls in sequence probe again after every answer but `false`, so
    // overlapping ones repeat nothing they would not; both writes store the same constant whoever makes them.
    stickyAnswer,
    // The initialised calculator's promise is what is stored, synchronously: concurrent calls await one init.
    `${calculatorClass}const calculators: Record<number, Promise<Calculator>> = {};
export function getCalculator(id: number) {
  calculators[id] ??= (async () => {
    const calculator = new Calculator();
    await calculator.init(id);
    return calculator;
  })();
  return calculators[id];
}`,
    // Stored, then an await of something other than the stored object: nothing is left half-initialised.
    `${calculatorClass}declare function audit(id: number): Promise<void>;
const calculators: Record<number, Calculator> = {};
export async function getCalculator(id: number) {
  if (!calculators[id]) {
    calculators[id] = new Calculator();
    await audit(id);
  }
  return calculators[id];
}`,
    // A table local to the call: no other call sees the half-initialised calculator.
    `${calculatorClass}export async function getCalculator(id: number) {
  const calculators: Record<number, Calculator> = {};
  if (!calculators[id]) {
    calculators[id] = new Calculator();
    await calculators[id].init(id);
  }
  return calculators[id];
}`,
    // A memo read through a local that holds the state: concurrent first calls only repeat the read (duplicateWork).
    settingsMemo,
    // A cooldown stamp: the check compares the state with the clock; overlapping callers each send once.
    cooldownStamp,
    `declare function sendTelemetry(): Promise<number>;
let nextCheck = 0;
export async function maybeSend() {
  const now = Date.now();
  if (now < nextCheck) return;
  const lastSent = await sendTelemetry();
  nextCheck = lastSent + 86_400_000;
}`,
    // The age of a stamp compared with a duration: an expiring memo.
    `declare function fetchKeys(): Promise<string[]>;
let cachedKeys: string[] | null = null;
let cachedAt = 0;
export async function getKeys() {
  if (cachedKeys && Date.now() - cachedAt < 60_000) return cachedKeys;
  const keys = await fetchKeys();
  cachedKeys = keys;
  cachedAt = Date.now();
  return keys;
}`,
    // The client folder of a Meteor application (fixtures/typed/meteor-app has .meteor/release): browser code.
    {
      code: boardMigration,
      filename: path.join(typedFixtures, 'meteor-app', 'client', 'lib', 'migrations.ts'),
    },
    // A navigation: assigning the page's location is not a change of shared state.
    `declare function signIn(url: string): Promise<void>;
export async function finishSignIn(adminUrl: string) {
  if (window.location.href.includes('token')) {
    await signIn(window.location.href);
    window.location.href = adminUrl;
  }
}`,
    // A React client component's module: its state lives in one user's tab.
    `'use client';
import i18n from 'i18next';
let isInit = false;
export async function setUp(locale: string) {
  if (!isInit) {
    await i18n.init({ lng: locale });
    isInit = true;
  }
}`,
    // A React effect's callback: a double mount repeats its own work in one tab.
    {
      code: `import { useEffect } from 'react';
import i18n from 'i18next';
let isInit = false;
export function useTranslations(locale: string) {
  useEffect(() => {
    void (async () => {
      if (!isInit) {
        await i18n.init({ lng: locale });
        isInit = true;
      }
    })();
  }, [locale]);
}`,
    },
    // A teardown: the client is closed through itself, then forgotten; a second close stores nothing new.
    `import { createClient } from 'redis';
let client: ReturnType<typeof createClient> | null = createClient();
export async function disconnect() {
  if (client) {
    await client.quit();
    client = null;
  }
}`,
    // Memos of a computed value: concurrent first calls only repeat the work and store the same value.
    `import { readFile } from 'node:fs/promises';
let version: string | undefined;
export async function getVersion() {
  if (!version) version = JSON.parse(await readFile('package.json', 'utf8')).version;
  return version;
}`,
    `import { conn } from './connection.js';
const domains = new Map<string, unknown>();
export async function getDomain(slug: string) {
  const cached = domains.get(slug);
  if (cached) return cached;
  const { rows } = await conn.execute('SELECT * FROM Domain WHERE slug = ?', [slug]);
  domains.set(slug, rows[0]);
  return rows[0];
}`,
    `const loaders = { report: () => import('./report.js').then((m) => m.report) };
const jobs = new Map<string, unknown>();
export async function loadJob(name: 'report') {
  const cached = jobs.get(name);
  if (cached) return cached;
  const job = await loaders[name]();
  jobs.set(name, job);
  return job;
}`,
    `import { join } from '@tauri-apps/api/path';
let storePath: string | undefined;
export async function getStorePath(dir: string) {
  if (storePath) return storePath;
  storePath = await join(dir, 'store.json');
  return storePath;
}`,
    `let prompt: string | undefined;
async function resolvePrompt() { return (await fetch('https://example.com/prompt')).text(); }
export async function getPrompt() {
  prompt ??= await resolvePrompt();
  return prompt;
}`,
    // A package's function that neither takes a configuration nor has a creating name computes a value.
    `import { translate } from 'translations';
let table: Record<string, string> | undefined;
export async function getTable(locale: string) {
  if (!table) table = await translate(locale);
  return table;
}`,
    // Build configuration runs once: a lazy initialisation there has no concurrent caller.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      filename: path.join(typedFixtures, 'vite.config.ts'),
    },
    // A build tool's plugin: its hooks run in the build, once per build.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      filename: path.join(typedFixtures, 'vite-plugin-demo.ts'),
    },
    // The fixed forms: the promise is cached synchronously.
    `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= connect();
  return clientPromise;
}`,
    `${client}let clientPromise: Promise<Client> | undefined;
export function getClient() {
  if (!clientPromise) clientPromise = connect();
  return clientPromise;
}`,
    `${client}const pending = new Map<string, Promise<string>>();
export function get(key: string) {
  let value = pending.get(key);
  if (!value) { value = load(key); pending.set(key, value); }
  return value;
}`,
    // A synchronous check and set is atomic in JavaScript.
    `${client}let ready = false;
export async function start() {
  if (!ready) { ready = true; }
  await init();
}`,
    // Claimed before the await: the later write releases, it does not race.
    `${client}let running = false;
export async function tick() {
  if (running) return;
  running = true;
  try { await init(); } finally { running = false; }
}`,
    `${client}const inFlight = new Set<string>();
const cache = new Map<string, string>();
export async function warm(key: string) {
  if (cache.has(key) || inFlight.has(key)) return;
  inFlight.add(key);
  cache.set(key, await load(key));
  inFlight.delete(key);
}`,
    // An in-flight promise tested in an early exit of its own and set before the first await (as in next's
    // loadBindings): concurrent calls return it instead of loading again.
    `${client}let client: Client | undefined;
let pending: Promise<Client> | undefined;
export async function getClient() {
  if (client) return client;
  if (pending) return pending;
  pending = connect();
  client = await pending;
  pending = undefined;
  return client;
}`,
    `${client}class Connections {
  private client: Client | undefined;
  private connecting = false;
  async get() {
    if (this.connecting) throw new Error('busy');
    if (this.client) return this.client;
    this.connecting = true;
    this.client = await connect();
    this.connecting = false;
    return this.client;
  }
}
export const connections = new Connections();`,
    // The flag records that the awaited attempt failed (as in @smithy's fromInstanceMetadata): a success leaves it
    // unset, so every later call makes the attempt anyway, and concurrent ones repeat nothing a sequence would not.
    `${client}export const fromInstanceMetadata = () => {
  let tokenDisabled = false;
  return async () => {
    if (tokenDisabled) {
      return load('v1');
    } else {
      let token: string;
      try {
        token = await load('token');
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 403) tokenDisabled = true;
        return load('v1');
      }
      return load(token);
    }
  };
};`,
    // Re-checked after the await: the value is read fresh.
    `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) {
    const created = await connect();
    if (!client) client = created;
  }
  return client;
}`,
    // Locals and parameters are per call.
    `${client}export async function handler(event: { cache?: Map<string, string> }) {
  let client: Client | undefined;
  if (!client) client = await connect();
  const cache = new Map<string, string>();
  if (!cache.has('a')) cache.set('a', await load('a'));
  if (!event.cache) event.cache = new Map(await Promise.all([]));
  return client;
}`,
    // Per-request objects (Koa's ctx, Express's req) are parameters.
    `${client}export async function middleware(ctx: { state: { user?: string } }, next: () => Promise<void>) {
  if (!ctx.state.user) ctx.state.user = await load('user');
  await next();
}`,
    // A closure called once, in order, shares nothing with another call.
    `${client}export async function once() {
  let client: Client | undefined;
  const get = async () => { if (!client) client = await connect(); return client; };
  return get();
}`,
    // Top-level code runs once per module.
    `${client}let config: string | undefined;
if (!config) config = await load('config');`,
    // The await is in a branch that cannot reach the write.
    `${client}let client: Client | undefined;
export async function getClient(retry: boolean) {
  if (!client) {
    if (retry) { await init(); return undefined; }
    client = {} as Client;
  }
  return client;
}`,
    `${client}let client: Client | undefined;
export async function getClient() {
  if (client) { await client.query('select 1'); } else { client = {} as Client; }
  return client;
}`,
    // The await is in a nested function: it does not suspend this one.
    `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) { client = {} as Client; setTimeout(async () => { await init(); }, 0); }
  return client;
}`,
    // Held lock (async-mutex): the section is serialised.
    `import { Mutex } from 'async-mutex';
${client}const mutex = new Mutex();
let client: Client | undefined;
export async function getClient() {
  return mutex.runExclusive(async () => {
    if (!client) client = await connect();
    return client;
  });
}`,
    // Not a collection: an external store's has/set are asynchronous and belong to the database rules.
    `${client}declare const store: { has(key: string): Promise<boolean>; set(key: string, value: string): Promise<void> };
export async function put(key: string) {
  if (!(await store.has(key))) await store.set(key, await load(key));
}`,
    // Different keys.
    `${client}const cache = new Map<string, string>();
export async function copy(a: string, b: string) {
  if (!cache.has(a)) return;
  cache.set(b, await load(b));
}`,
    // The check does not decide the write.
    `${client}let hits = 0;
let client: Client | undefined;
export async function getClient() {
  console.log(client === undefined);
  client = await connect();
  return client;
}`,
    // A request-scoped NestJS provider is created per request.
    `import { Injectable, Scope } from '@nestjs/common';
${client}@Injectable({ scope: Scope.REQUEST })
export class RequestService {
  private client: Client | undefined;
  async getClient() {
    if (!this.client) this.client = await connect();
    return this.client;
  }
}`,
    // A class never instantiated at module level nor registered as a singleton: its instances are unknown.
    `${client}export class Session {
  private client: Client | undefined;
  async getClient() {
    if (!this.client) this.client = await connect();
    return this.client;
  }
}`,
    // The constructor builds a fresh object.
    `${client}export class Pool {
  client: Client | undefined;
  constructor() { void this.start(); }
  private async start() { }
}
export const pool = new Pool();`,
    // typeof in a type position is not a read.
    `${client}let client: Client | undefined;
export async function getClient() {
  const next: typeof client = await connect();
  client = next;
  return client;
}`,
    // Serverless cold start made idempotent in the store: no report, neither across instances nor within one.
    `import { Pool } from 'pg';
const pool = new Pool();
let tableReady = false;
async function ensureTable() {
  if (!tableReady) {
    await pool.query('CREATE TABLE IF NOT EXISTS visits (id serial primary key, at timestamptz)');
    tableReady = true;
  }
}
export const handler = async () => {
  await ensureTable();
  await pool.query('INSERT INTO visits (at) VALUES (now())');
  return { statusCode: 204 };
};`,
    // Not guarded by a flag: the INSERT runs on every request by design.
    `import { Pool } from 'pg';
const pool = new Pool();
export async function handler() {
  await pool.query('INSERT INTO visits (at) VALUES (now())');
}`,
    // Claimed with a placeholder before the await.
    `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  if (!cache.has(key)) {
    cache.set(key, 'loading');
    cache.set(key, await load(key));
  }
  return cache.get(key);
}`,
    // Different state checked and changed.
    `${client}const a = { ready: false };
const b = { ready: false };
export async function start() {
  if (!a.ready) { await init(); b.ready = true; }
}`,
    // Different constant keys.
    `${client}const cache = new Map<string, string>();
export async function get() {
  if (!cache.has('a')) cache.set('b', await load('b'));
}`,
    // The check and the write in a callback that runs once, inside the same async call.
    `${client}let config: string | undefined;
export async function boot() {
  await init();
  if (!config) config = 'default';
}`,
    // Deleting after the await is not filling: a repeated delete is harmless.
    `${client}const cache = new Map<string, string>();
export async function evict(key: string) {
  if (!cache.has(key)) return;
  await init();
  cache.delete(key);
}`,
    // A synchronous function: the check and the set are one atomic step.
    `${client}const cache = new Map<string, number>();
export function length(key: string) {
  if (!cache.has(key)) cache.set(key, key.length);
  return cache.get(key);
}`,
    // Another property of the checked object.
    `${client}const state = { ready: false, count: 0 };
export async function start() {
  if (!state.ready) { await init(); state.count = 1; }
}`,
    // The await is inside the update: a read-modify-write, reported once by no-read-modify-write.
    `${client}let total = 0;
export async function add() {
  if (total < 100) total += (await load('price')).length;
}`,
    // A factory's closure flushed in sequence (a stream's flush): only initialisation and cache forms are
    // reported on captured state, since the file cannot tell whether the calls overlap.
    `${client}export function makeFlusher(render: () => Promise<string>) {
  let pending: string[] = ['a'];
  return async () => {
    if (pending.length === 0) return '';
    const html = await render();
    pending = [];
    return html;
  };
}`,
    // The rewrites' outputs lint clean on the next pass.
    `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= connect().catch((error: unknown) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}`,
    `${client}let initPromise: Promise<void> | undefined;
export async function ensure() {
  initPromise ??= (async () => {
    await init();
  })().catch((error: unknown) => {
    initPromise = undefined;
    throw error;
  });
  await initPromise;
}`,
    `${client}const cache = new Map<string, Promise<string>>();
export async function get(key: string) {
  let pending = cache.get(key);
  if (!pending) {
    pending = load(key).catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}`,
    // A lazily imported module: the module system caches it, concurrent calls get the same module.
    `let xxhash: typeof import('node:crypto') | undefined;
export async function getHasher() {
  if (!xxhash) xxhash = await import('node:crypto');
  return xxhash;
}`,
  ],
  invalid: [
    // An await between the check and the store: the race of two stores, reported as a cache fill.
    {
      code: `${calculatorClass}declare function warmUp(): Promise<void>;
const calculators: Record<number, Calculator> = {};
export async function getCalculator(id: number) {
  if (!calculators[id]) {
    await warmUp();
    calculators[id] = new Calculator();
    await calculators[id].init(id);
  }
  return calculators[id];
}`,
      errors: [{ messageId: 'sharedCheckThenSet', line: 13, column: 5, data: { kind: 'Module-level', name: 'calculators[id]', key: '`id`', line: '12' } }],
    },
    // The store class imported from a module of the application, read in its own source.
    {
      code: `import { Injectable } from '@nestjs/common';
import { RealtimeNote, RealtimeNoteStore } from './note-store.js';
declare function loadRevision(id: number): Promise<string>;
@Injectable()
export class RealtimeNoteService {
  constructor(private realtimeNoteStore: RealtimeNoteStore) {}
  async getOrCreate(noteId: number): Promise<RealtimeNote> {
    return this.realtimeNoteStore.find(noteId) ?? (await this.createNew(noteId));
  }
  private async createNew(noteId: number): Promise<RealtimeNote> {
    const content = await loadRevision(noteId);
    return this.realtimeNoteStore.create(noteId, content);
  }
}`,
      filename: path.join(typedFixtures, 'app-clients', 'realtime', 'note.service.ts'),
      errors: [
        {
          messageId: 'sharedStoreGetOrCreate',
          line: 12,
          column: 12,
          data: { kind: 'Singleton instance', store: 'this.realtimeNoteStore', key: '`noteId`', create: 'this.realtimeNoteStore.create(…)', line: '11' },
        },
      ],
    },
    // A get-or-create through the store across an await in another method: two clients opening one note both
    // miss, and the second create throws.
    {
      code: `${noteStore(refusingCreate)}${noteService(twoMethodGetOrCreate)}`,
      errors: [
        {
          messageId: 'sharedStoreGetOrCreate',
          line: 26,
          column: 12,
          data: { kind: 'Singleton instance', store: 'this.store', key: '`id`', create: 'this.store.create(…)', line: '25' },
        },
      ],
    },
    // The same in one method, the miss held in a local.
    {
      code: `${noteStore(refusingCreate)}${noteService(`  async open(id: number): Promise<Note> {
    const found = this.store.find(id);
    if (found) return found;
    const content = await loadRevision(id);
    return this.store.create(id, content);
  }`)}`,
      errors: [
        {
          messageId: 'sharedStoreGetOrCreate',
          line: 25,
          column: 12,
          data: { kind: 'Singleton instance', store: 'this.store', key: '`id`', create: 'this.store.create(…)', line: '24' },
        },
      ],
    },
    // Published before initialised: a call that comes during `init` gets a calculator with no history.
    {
      code: `${calculatorClass}const calculators: Record<number, Calculator> = {};
export async function getCalculator(id: number) {
  if (!calculators[id]) {
    calculators[id] = new Calculator();
    await calculators[id].init(id);
  }
  return calculators[id];
}`,
      errors: [
        {
          messageId: 'sharedPublishedBeforeInit',
          line: 11,
          column: 5,
          data: { kind: 'Module-level', what: '`calculators[id]`', init: 'calculators[id].init(…)', line: '12' },
        },
      ],
    },
    // The same with a Map and the local that holds the new object.
    {
      code: `${calculatorClass}const calculators = new Map<number, Calculator>();
export async function getCalculator(id: number) {
  if (!calculators.has(id)) {
    const calculator = new Calculator();
    calculators.set(id, calculator);
    await calculator.init(id);
  }
  return calculators.get(id)!;
}`,
      errors: [
        {
          messageId: 'sharedPublishedBeforeInit',
          line: 12,
          column: 5,
          data: { kind: 'Module-level', what: '`calculators` entry for `id`', init: 'calculator.init(…)', line: '13' },
        },
      ],
    },
    // The stopping value stored on the path that falls through marks the work done: overlapping calls all run it.
    {
      code: `declare function runMigration(): Promise<boolean>;
let state = 'pending';
export async function migrate() {
  if (state === 'done') return;
  const ok = await runMigration();
  if (!ok) {
    state = 'failed';
    return;
  }
  state = 'done';
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 7, column: 5, data: { kind: 'Module-level', name: 'state', line: '5' } }],
    },
    // The answer with no other constant stored on the path that falls through: not known to be a probe's record.
    {
      code: `declare function probe(): Promise<{ error?: unknown } | null>;
let supported: boolean | null = null;
export async function requestThrottle() {
  if (supported === false) return null;
  const answer = await probe();
  if (answer && answer.error) {
    supported = false;
    return null;
  }
  return answer;
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 7, column: 5, data: { kind: 'Module-level', name: 'supported', line: '5' } }],
    },
    // The same code on the server of the Meteor application: requests of many users share the set.
    {
      code: boardMigration,
      filename: path.join(typedFixtures, 'meteor-app', 'server', 'migrations.ts'),
      errors: [{ messageId: 'sharedCheckThenSet', line: 6, column: 3, data: { kind: 'Module-level', name: 'migratedBoards', key: '`boardId`', line: '5' } }],
    },
    // The memo and the cooldown, with duplicateWork: 'report'.
    {
      code: settingsMemo,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 8, column: 3, data: { kind: 'Module-level', name: 'settings', line: '7', promise: 'settingsPromise' } }],
    },
    {
      code: cooldownStamp,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenAct', line: 6, column: 18, data: { kind: 'Module-level', name: 'cooldownUntil', line: '5' } }],
    },
    // A state compared with something other than the clock stays reported: a quota, not a time window.
    {
      code: `declare function charge(): Promise<void>;
let used = 0;
const limit = 10;
export async function spend() {
  if (used >= limit) return;
  await charge();
  used = limit;
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 7, column: 3, data: { kind: 'Module-level', name: 'used', line: '6' } }],
    },
    // A singleton's client opened by a method of its own class: followed one step through `this.connect()`.
    {
      code: `import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
@Injectable()
export class SessionStore {
  private redis: Redis | undefined;
  private async connect(): Promise<Redis> {
    const client = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', { lazyConnect: true });
    await client.connect();
    return client;
  }
  async client(): Promise<Redis> {
    if (!this.redis) this.redis = await this.connect();
    return this.redis;
  }
}`,
      errors: [
        {
          messageId: 'sharedLazyCreate',
          line: 12,
          column: 22,
          data: { kind: 'Singleton instance', name: 'this.redis', line: '12', created: 'new Redis(…)', promise: 'this.redisPromise' },
        },
      ],
    },
    // Not a teardown: the pending value is sent by another function, then cleared; concurrent calls send it twice.
    {
      code: `declare function send(message: string): Promise<void>;
let pending: string | null = null;
export async function flush() {
  if (pending) {
    await send(pending);
    pending = null;
  }
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 6, column: 5, data: { kind: 'Module-level', name: 'pending', line: '5' } }],
    },
    // Not a client component: a module without 'use client' that only mentions an effect hook by name elsewhere.
    {
      code: `import i18n from 'i18next';
let isInit = false;
export async function setUp(locale: string) {
  if (!isInit) {
    await i18n.init({ lng: locale });
    isInit = true;
  }
}
export const useEffectName = 'useEffect';`,
      errors: [{ messageId: 'sharedLazyInit', line: 6, column: 5, suggestions: [
        {
          messageId: 'suggestCachePromise',
          data: { name: 'initPromise' },
          output: `import i18n from 'i18next';
let initPromise: Promise<void> | undefined;
export async function setUp(locale: string) {
  initPromise ??= (async () => {
    await i18n.init({ lng: locale });
  })().catch((error: unknown) => {
    initPromise = undefined;
    throw error;
  });
  await initPromise;
}
export const useEffectName = 'useEffect';`,
        },
      ] }],
    },
    // A resource created by a lazy initialisation: concurrent first calls each create one; all but one leak.
    {
      code: `import pg from 'pg';
let pool: pg.Pool | undefined;
export async function getPool() {
  if (!pool) {
    await Promise.resolve();
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  }
  return pool;
}`,
      errors: [
        {
          messageId: 'sharedLazyCreate',
          line: 6,
          column: 5,
          data: { kind: 'Module-level', name: 'pool', line: '5', created: 'new pg.Pool(…)', promise: 'poolPromise' },
        },
      ],
    },
    // A package's factory called with a configuration: the controllers hold a database pool each.
    {
      code: `import samlJackson from '@boxyhq/saml-jackson';
const opts = { db: { engine: 'sql', url: process.env.DATABASE_URL } };
declare global {
  var apiController: unknown;
  var oauthController: unknown;
}
export async function jackson() {
  if (!globalThis.apiController || !globalThis.oauthController) {
    const ret = await samlJackson(opts);
    globalThis.apiController = ret.connectionAPIController;
    globalThis.oauthController = ret.oauthController;
  }
  return { apiController: globalThis.apiController, oauthController: globalThis.oauthController };
}`,
      errors: [
        {
          messageId: 'sharedLazyCreateMany',
          line: 10,
          column: 5,
          data: { kind: 'Global', names: '`globalThis.apiController` and `globalThis.oauthController`', line: '9', created: 'samlJackson(…)' },
        },
      ],
    },
    // A browser launched through a package's namespace, after awaits that prepare it.
    {
      code: `const { chromium } = require('playwright-core');
let browser;
async function getBrowser(settings) {
  if (browser && browser.isConnected()) return browser;
  const executablePath = await settings.get('chromeExecutable');
  browser = await chromium.launch({ executablePath });
  return browser;
}
module.exports = { getBrowser };`,
      filename: jsFile,
      errors: [{ messageId: 'sharedLazyCreate', line: 6, column: 3, data: { kind: 'Module-level', name: 'browser', line: '5', created: 'chromium.launch(…)', promise: 'browserPromise' } }],
    },
    // A function of the same file that creates the client: followed one step.
    {
      code: `import { createClient } from 'redis';
let client: ReturnType<typeof createClient> | undefined;
async function connectClient() {
  const created = createClient({ url: process.env.REDIS_URL });
  await created.connect();
  return created;
}
export async function getClient() {
  if (!client) client = await connectClient();
  return client.isOpen ? client : undefined;
}`,
      errors: [{ messageId: 'sharedLazyCreate', line: 9, column: 16, data: { kind: 'Module-level', name: 'client', line: '9', created: 'createClient(…)', promise: 'clientPromise' } }],
    },
    // A per-key cache of created clients: concurrent misses for one key each create one.
    {
      code: `import { createClient } from 'redis';
const clients = new Map<string, ReturnType<typeof createClient>>();
export async function clientFor(options: { url: string }) {
  const cached = clients.get(options.url);
  if (cached) return cached;
  const created = createClient({ url: options.url });
  await created.connect();
  clients.set(options.url, created);
  return created;
}`,
      errors: [{ messageId: 'sharedCheckThenSet', line: 8, column: 3 }],
    },
    // The in-flight promise is a local: each call has its own, so concurrent calls still each connect.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  let pending: Promise<Client> | undefined;
  if (client) return client;
  if (pending) return pending;
  pending = connect();
  client = await pending;
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 11, column: 3 }],
    },
    // The in-flight marker is set only after the first await: concurrent calls all pass both exits.
    {
      code: `${client}let client: Client | undefined;
let pending: Promise<Client> | undefined;
export async function getClient() {
  if (client) return client;
  if (pending) return pending;
  await init();
  pending = connect();
  client = await pending;
  return client;
}`,
      // One initialisation sets both after the same await: one report that names both.
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInitMany', line: 11, column: 3, data: { kind: 'Module-level', names: '`pending` and `client`', line: '10' } }],
    },
    // Two limits checked, both changed after the same await: one race, one report naming both.
    {
      code: `${client}const state = { total: 0, count: 0 };
export async function start() {
  if (state.total > 10 || state.count > 3) return;
  await init();
  state.total += 2;
  state.count += 1;
}`,
      errors: [{ messageId: 'sharedCheckThenActMany', line: 9, column: 3, data: { kind: 'Module-level', names: '`state.total` and `state.count`', line: '8' } }],
    },
    // Set on success and on failure: the catch's write fills the state too, a lazy initialisation with a default.
    {
      code: `${client}let config: string | undefined;
export async function getConfig() {
  if (!config) {
    try {
      config = await load('config');
    } catch {
      config = 'default';
    }
  }
  return config;
}`,
      // One race, set in two places after the same await: reported once.
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 9, column: 7 }],
    },
    // Initialised flag.
    {
      code: `${client}let initialized = false;
export async function ensure() {
  if (!initialized) {
    await init();
    initialized = true;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'initPromise' },
              output: `${client}let initPromise: Promise<void> | undefined;
export async function ensure() {
  initPromise ??= (async () => {
    await init();
  })().catch((error: unknown) => {
    initPromise = undefined;
    throw error;
  });
  await initPromise;
}`,
            },
          ],
        },
      ],
    },
    // The flag is read elsewhere: no rewrite is offered, since its type would change.
    {
      code: `${client}let initialized = false;
export const isReady = () => initialized;
export async function ensure() {
  if (!initialized) {
    await init(); // creates the schema
    console.log('initialised');
    initialized = true;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      // The message still proposes a promise named after the work.
      errors: [{ messageId: 'sharedLazyInit', line: 11, column: 5, data: { kind: 'Module-level', name: 'initialized', line: '9', promise: 'initPromise' } }],
    },
    // Several statements, a comment, in plain JavaScript.
    {
      code: `import { init } from './init.js';
let ready = false;
export async function ensure() {
  if (!ready) {
    // one-time setup
    await init();
    console.log('ready');
    ready = true;
  }
  return 'ok';
}`,
      filename: jsFile,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'initPromise' },
              output: `import { init } from './init.js';
let initPromise;
export async function ensure() {
  // one-time setup
  initPromise ??= (async () => {
    await init();
    console.log('ready');
  })().catch((error) => {
    initPromise = undefined;
    throw error;
  });
  await initPromise;
  return 'ok';
}`,
            },
          ],
        },
      ],
    },
    // The promise is named after the work, not after the flag: the block's one awaited call.
    {
      code: `declare function cancelSubscription(id: string): Promise<void>;
let cancelled = false;
export async function cancelOnce(id: string) {
  if (!cancelled) {
    await cancelSubscription(id);
    cancelled = true;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'cancelSubscriptionPromise' },
              output: `declare function cancelSubscription(id: string): Promise<void>;
let cancelSubscriptionPromise: Promise<void> | undefined;
export async function cancelOnce(id: string) {
  cancelSubscriptionPromise ??= (async () => {
    await cancelSubscription(id);
  })().catch((error: unknown) => {
    cancelSubscriptionPromise = undefined;
    throw error;
  });
  await cancelSubscriptionPromise;
}`,
            },
          ],
        },
      ],
    },
    // Several awaited calls: the promise is named after the function that holds the block.
    {
      code: `${client}let ready = false;
export async function ensureSchema() {
  if (!ready) {
    await init();
    await load('schema');
    ready = true;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'ensureSchemaPromise' },
              output: `${client}let ensureSchemaPromise: Promise<void> | undefined;
export async function ensureSchema() {
  ensureSchemaPromise ??= (async () => {
    await init();
    await load('schema');
  })().catch((error: unknown) => {
    ensureSchemaPromise = undefined;
    throw error;
  });
  await ensureSchemaPromise;
}`,
            },
          ],
        },
      ],
    },
    // `await Promise.all(…)` names no work, and an anonymous function has no name: the fallback name.
    {
      code: `${client}let warm = false;
export default async function () {
  if (!warm) {
    await Promise.all([init(), load('a')]);
    warm = true;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'initialisationPromise' },
              output: `${client}let initialisationPromise: Promise<void> | undefined;
export default async function () {
  initialisationPromise ??= (async () => {
    await Promise.all([init(), load('a')]);
  })().catch((error: unknown) => {
    initialisationPromise = undefined;
    throw error;
  });
  await initialisationPromise;
}`,
            },
          ],
        },
      ],
    },
    // The name is taken in the module: the next free one, numbered.
    {
      code: `${client}export const initPromise = () => init();
let ready = false;
export const ensure = async () => {
  if (!ready) {
    await init();
    ready = true;
  }
};`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'initPromise2' },
              output: `${client}export const initPromise = () => init();
let initPromise2: Promise<void> | undefined;
export const ensure = async () => {
  initPromise2 ??= (async () => {
    await init();
  })().catch((error: unknown) => {
    initPromise2 = undefined;
    throw error;
  });
  await initPromise2;
};`,
            },
          ],
        },
      ],
    },
    // Early-return form.
    {
      code: `${client}let client: Client | null = null;
export async function getClient() {
  if (client) return client;
  client = await connect();
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 8, column: 3 }],
    },
    // The map is used elsewhere too: reported, with no rewrite (its value type would change).
    {
      code: `${client}const cache = new Map<string, string>();
export const size = () => cache.size;
export async function get(key: string) {
  if (!cache.has(key)) cache.set(key, await load(key));
  return cache.get(key);
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 8, column: 24 }],
    },
    // A plain object used as a cache.
    {
      code: `${client}const cache: Record<string, string> = {};
export async function get(key: string) {
  if (!(key in cache)) cache[key] = await load(key);
  return cache[key];
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 7, column: 24 }],
    },
    // Counter check across an await (a limit that concurrent calls all pass).
    {
      code: `${client}let active = 0;
export async function run() {
  if (active < 10) {
    await init();
    active++;
  }
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 9, column: 5 }],
    },
    // Class form: a singleton created at module level.
    {
      code: `${client}class Db {
  private client: Client | undefined;
  async getClient() {
    if (!this.client) this.client = await connect();
    return this.client;
  }
}
export const db = new Db();`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 8, column: 23 }],
    },
    // Class form: a NestJS singleton provider.
    {
      code: `import { Injectable } from '@nestjs/common';
${client}@Injectable()
export class UsersService {
  private readonly cache = new Map<string, string>();
  async find(id: string) {
    if (this.cache.has(id)) return this.cache.get(id);
    const user = await load(id);
    this.cache.set(id, user);
    return user;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 12, column: 5 }],
    },
    // Static member.
    {
      code: `${client}export class Registry {
  static client: Client | undefined;
  static async get() {
    if (!Registry.client) Registry.client = await connect();
    return Registry.client;
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 8, column: 27 }],
    },
    // Closure form: a factory returns a function that outlives the call.
    {
      code: `${client}export function makeLoader() {
  const cache = new Map<string, string>();
  return async (key: string) => {
    if (!cache.has(key)) cache.set(key, await load(key));
    return cache.get(key);
  };
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 8, column: 26 }],
    },
    // Comments and parentheses, `as` and `!` do not hide the state.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  if (!(client as Client | undefined) /* not yet */) (client) = (await connect()) as Client;
  return client!;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 54 }],
    },
    // A generator run by a coroutine library suspends at each yield.
    {
      code: `${client}let client: Client | undefined;
export function* getClient(): Generator<Promise<Client>, Client, Client> {
  if (!client) client = yield connect();
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 16 }],
    },
    // \`for await\` suspends between iterations; the check and the add are in one iteration across an await.
    {
      code: `${client}const seen = new Set<string>();
export async function ingest(ids: AsyncIterable<string>) {
  for await (const id of ids) {
    if (!seen.has(id)) { await load(id); seen.add(id); }
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 8, column: 42 }],
    },
    // The value is used: reported, no rewrite.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  return (client ??= await connect());
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 11 }],
    },
    // Optional chaining on a singleton's cache.
    {
      code: `${client}class Profiles {
  cache: Map<string, string> | undefined = new Map();
  async get(id: string) {
    if (!this.cache?.has(id)) this.cache?.set(id, await load(id));
    return this.cache?.get(id);
  }
}
export default new Profiles();`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 8, column: 31 }],
    },
    // The await before the update: the check is stale when the counter moves.
    {
      code: `${client}let total = 0;
export async function add() {
  if (total < 100) {
    const price = await load('price');
    total += price.length;
  }
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 9, column: 5 }],
    },
    // A presence check, then a change after an await: a check-then-act, not an initialisation.
    {
      code: `${client}let session: string | undefined = 'x';
export async function rotate() {
  if (session) {
    await init();
    session = undefined;
  }
}`,
      errors: [{ messageId: 'sharedCheckThenAct', line: 9, column: 5 }],
    },
    // An absence test among others (\`!client || …\`), on a singleton.
    {
      code: `${client}class Tokens {
  private token: { value: string; expires: number } | null = null;
  async get() {
    if (this.token == null || this.token.expires < Date.now()) {
      this.token = { value: await load('token'), expires: Date.now() + 60_000 };
    }
    return this.token.value;
  }
}
export const tokens = new Tokens();`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 9, column: 7 }],
    },
    // CommonJS: module-level bindings live in the module's function scope.
    {
      code: `const { load } = require('./load');
const cache = new Map();
module.exports.get = async (key) => {
  if (!cache.has(key)) cache.set(key, await load(key));
  return cache.get(key);
};`,
      filename: jsFile,
      // CommonJS: the module's bindings live in a function scope around the Program
      languageOptions: { parserOptions: { sourceType: 'script', ecmaFeatures: { globalReturn: true } } },
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 4,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestSingleFlight',
              data: { name: 'cache' },
              output: `const { load } = require('./load');
const cache = new Map();
module.exports.get = async (key) => {
  let pending = cache.get(key);
  if (!pending) {
    pending = Promise.resolve(load(key)).catch((error) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
};`,
            },
          ],
        },
      ],
    },
    // Spelled-out logical assignment.
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  client = client || (await connect());
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 3 }],
    },
    // Serverless cold start: a module-level flag guards a CREATE TABLE in a module exporting a handler.
    {
      code: `import { Pool } from 'pg';
const pool = new Pool();
let tableReady = false;
async function ensureTable() {
  if (!tableReady) {
    await pool.query('CREATE TABLE visits (id serial primary key, at timestamptz)');
    tableReady = true;
  }
}
export const handler = async () => {
  await ensureTable();
  return { statusCode: 204 };
};`,
      errors: [
        {
          messageId: 'sharedColdStartInit',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestIfNotExists',
              output: `import { Pool } from 'pg';
const pool = new Pool();
let tableReady = false;
async function ensureTable() {
  if (!tableReady) {
    await pool.query('CREATE TABLE IF NOT EXISTS visits (id serial primary key, at timestamptz)');
    tableReady = true;
  }
}
export const handler = async () => {
  await ensureTable();
  return { statusCode: 204 };
};`,
            },
          ],
        },
      ],
    },
    // ... seeding rows with a plain INSERT, CommonJS handler export.
    {
      code: `const pg = require('pg');
const pool = new pg.Pool();
let seeded = false;
exports.handler = async function (event) {
  if (!seeded) {
    await pool.query(\`INSERT INTO plans (name) VALUES ('free')\`);
    seeded = true;
  }
  return event;
};`,
      filename: jsFile,
      errors: [{ messageId: 'sharedColdStartInit', line: 6, column: 11 }],
    },
    // Plain JavaScript.
    {
      code: `import { connect } from './db.js';
let client;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      filename: jsFile,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestCachePromise',
              data: { name: 'clientPromise' },
              output: `import { connect } from './db.js';
let clientPromise;
export async function getClient() {
  clientPromise ??= Promise.resolve(connect()).catch((error) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}`,
            },
          ],
        },
      ],
    },
  ],
  // Lazy init across an await, in its exact shape: an autofix when the checker confirms a promise of an object.
  // The checker recognises a collection that the file neither creates nor annotates (an injected Map, a
  // synchronous store): without types these are not known to be in-memory collections.
  typedInvalid: [
    // Cache check-then-set on a module-level Map: single-flight suggested.
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  if (!cache.has(key)) {
    const value = await load(key);
    cache.set(key, value);
  }
  return cache.get(key);
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 9,
          column: 5,
          suggestions: [{ messageId: 'suggestSingleFlight', data: { name: 'cache' }, output: `${client}const cache = new Map<string, Promise<string>>();
export async function get(key: string) {
  let pending = cache.get(key);
  if (!pending) {
    pending = load(key).catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}` }],
        },
      ],
    },
    // ... through a stored lookup and an early return.
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  // memoised per key
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = await load(key);
  cache.set(key, value);
  return value;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 11,
          column: 3,
          suggestions: [{ messageId: 'suggestSingleFlight', data: { name: 'cache' }, output: `${client}const cache = new Map<string, Promise<string>>();
export async function get(key: string) {
  // memoised per key
  let pending = cache.get(key);
  if (!pending) {
    pending = load(key).catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}` }],
        },
      ],
    },
    // ... where several statements compute the value: they move into an async function (a multi-line
    // template keeps its lines).
    {
      code: `${client}const cache = new Map<string, { text: string }>();
export async function get(key: string) {
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = await load(\`
key: \${key}\`);
  const entry = { text: raw.trim() };
  cache.set(key, entry);
  return entry;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 12,
          column: 3,
          suggestions: [{ messageId: 'suggestSingleFlight', data: { name: 'cache' }, output: `${client}const cache = new Map<string, Promise<{ text: string }>>();
export async function get(key: string) {
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      const raw = await load(\`
key: \${key}\`);
      const entry = { text: raw.trim() };
      return entry;
    })().catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}` }],
        },
      ],
    },
    // ... but not when those statements read the map (it would hold promises) or leave the function.
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = await load(key);
  const size = cache.size;
  const value = raw + size;
  cache.set(key, value);
  return value;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 12, column: 3, suggestions: [] }],
    },
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = await load(key);
  if (!raw) return '';
  cache.set(key, raw);
  return raw;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 11, column: 3, suggestions: [] }],
    },
    {
      code: `import { Injectable } from '@nestjs/common';
${client}@Injectable()
export class ProfileService {
  constructor(private readonly cache: Map<string, string>) {}
  async get(id: string) {
    if (!this.cache.has(id)) this.cache.set(id, await load(id));
    return this.cache.get(id);
  }
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 10, column: 30 }],
    },
    {
      code: `${client}declare const store: { has(key: string): boolean; set(key: string, value: string): void };
export async function put(key: string) {
  if (!store.has(key)) store.set(key, await load(key));
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedCheckThenSet', line: 7, column: 24 }],
    },
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      output: `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= connect().catch((error: unknown) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 16 }],
    },
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  client ??= await connect();
  return client;
}`,
      output: `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= connect().catch((error: unknown) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 3 }],
    },
    // A variable named for a promise gets no second suffix: the pending work.
    {
      code: `${client}let runPromise: Client | undefined;
export async function getClient() {
  if (!runPromise) runPromise = await connect();
  return runPromise;
}`,
      output: `${client}let pendingRun: Promise<Client> | undefined;
export async function getClient() {
  pendingRun ??= connect().catch((error: unknown) => {
    pendingRun = undefined;
    throw error;
  });
  return pendingRun;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 7, column: 20, data: { kind: 'Module-level', name: 'runPromise', line: '7', promise: 'pendingRun' } }],
    },
    // The name is taken in the module: the next free one, numbered.
    {
      code: `${client}let client: Client | undefined;
export const clientPromise = connect;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      output: `${client}let clientPromise2: Promise<Client> | undefined;
export const clientPromise = connect;
export async function getClient() {
  clientPromise2 ??= connect().catch((error: unknown) => {
    clientPromise2 = undefined;
    throw error;
  });
  return clientPromise2;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [{ messageId: 'sharedLazyInit', line: 8, column: 16 }],
    },
  ],
  untypedValid: [
    `import { Injectable } from '@nestjs/common';
${client}@Injectable()
export class ProfileService {
  constructor(private readonly cache: Map<string, string>) {}
  async get(id: string) {
    if (!this.cache.has(id)) this.cache.set(id, await load(id));
    return this.cache.get(id);
  }
}`,
    `${client}declare const store: { has(key: string): boolean; set(key: string, value: string): void };
export async function put(key: string) {
  if (!store.has(key)) store.set(key, await load(key));
}`,
  ],
  // Without types the same rewrite is only a suggestion: \`connect()\` may not return a promise.
  untypedInvalid: [
    // Cache check-then-set on a module-level Map: single-flight suggested.
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  if (!cache.has(key)) {
    const value = await load(key);
    cache.set(key, value);
  }
  return cache.get(key);
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 9,
          column: 5,
          suggestions: [{ messageId: 'suggestSingleFlight', data: { name: 'cache' }, output: `${client}const cache = new Map<string, Promise<string>>();
export async function get(key: string) {
  let pending = cache.get(key);
  if (!pending) {
    pending = Promise.resolve(load(key)).catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}` }],
        },
      ],
    },
    // ... through a stored lookup and an early return.
    {
      code: `${client}const cache = new Map<string, string>();
export async function get(key: string) {
  // memoised per key
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = await load(key);
  cache.set(key, value);
  return value;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedCheckThenSet',
          line: 11,
          column: 3,
          suggestions: [{ messageId: 'suggestSingleFlight', data: { name: 'cache' }, output: `${client}const cache = new Map<string, Promise<string>>();
export async function get(key: string) {
  // memoised per key
  let pending = cache.get(key);
  if (!pending) {
    pending = Promise.resolve(load(key)).catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, pending);
  }
  return pending;
}` }],
        },
      ],
    },
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 7,
          column: 16,
          suggestions: [{ messageId: 'suggestCachePromise', data: { name: 'clientPromise' }, output: `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= Promise.resolve(connect()).catch((error: unknown) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}` }],
        },
      ],
    },
    {
      code: `${client}let client: Client | undefined;
export async function getClient() {
  client ??= await connect();
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 7,
          column: 3,
          suggestions: [{ messageId: 'suggestCachePromise', data: { name: 'clientPromise' }, output: `${client}let clientPromise: Promise<Client> | undefined;
export async function getClient() {
  clientPromise ??= Promise.resolve(connect()).catch((error: unknown) => {
    clientPromise = undefined;
    throw error;
  });
  return clientPromise;
}` }],
        },
      ],
    },
    {
      code: `${client}let runPromise: Client | undefined;
export async function getClient() {
  if (!runPromise) runPromise = await connect();
  return runPromise;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 7,
          column: 20,
          data: { kind: 'Module-level', name: 'runPromise', line: '7', promise: 'pendingRun' },
          suggestions: [{ messageId: 'suggestCachePromise', data: { name: 'pendingRun' }, output: `${client}let pendingRun: Promise<Client> | undefined;
export async function getClient() {
  pendingRun ??= Promise.resolve(connect()).catch((error: unknown) => {
    pendingRun = undefined;
    throw error;
  });
  return pendingRun;
}` }],
        },
      ],
    },
    {
      code: `${client}let client: Client | undefined;
export const clientPromise = connect;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`,
      options: [{ duplicateWork: 'report' }],
      errors: [
        {
          messageId: 'sharedLazyInit',
          line: 8,
          column: 16,
          suggestions: [{ messageId: 'suggestCachePromise', data: { name: 'clientPromise2' }, output: `${client}let clientPromise2: Promise<Client> | undefined;
export const clientPromise = connect;
export async function getClient() {
  clientPromise2 ??= Promise.resolve(connect()).catch((error: unknown) => {
    clientPromise2 = undefined;
    throw error;
  });
  return clientPromise2;
}` }],
        },
      ],
    },
  ],
};
