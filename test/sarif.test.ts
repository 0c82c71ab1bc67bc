/**
 * race-lint's SARIF output, from lint results made in this process (so that the rules record the steps of each
 * race), each log validated against the official SARIF 2.1.0 schema.
 */
import * as typescriptParser from '@typescript-eslint/parser';
import AjvDraft04 from 'ajv-draft-04';
import { ESLint, type Linter } from 'eslint';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSarif, type RuleDescription } from '../src/cli/sarif.js';
import { REPOSITORY } from '../src/core/create-rule.js';
import race, { rules } from '../src/index.js';
import { removeTemporaryDirectories, repository, temporaryDirectory } from './built-cli.js';

afterAll(removeTemporaryDirectories);

// ---------------------------------------------------------------------------------------------------------
// The schema

/** The official OASIS schema (errata01, JSON Schema draft-04), kept beside the repository on every machine. */
const SCHEMA_PATH = path.resolve(repository, '..', 'shared', 'data', 'sarif-schema-2.1.0.json');

// A CommonJS module with `exports.default`: TypeScript (NodeNext) types the default import as the module, while
// Vite hands over the class itself.
type AjvClass = typeof AjvDraft04.default;
const Ajv = ((AjvDraft04 as unknown as { default?: AjvClass }).default ?? AjvDraft04) as AjvClass;

function loadSchemaValidator() {
  if (!existsSync(SCHEMA_PATH)) {
    throw new Error(
      `The SARIF 2.1.0 schema is missing: ${SCHEMA_PATH} does not exist (../shared/data/ is absent on this machine), so the SARIF output cannot be validated`,
    );
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema's formats: absolute URIs, URI references (relative paths) and timestamps.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/') && !/\s/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
}

let validator: ReturnType<typeof loadSchemaValidator> | undefined;

/** Parses a log, failing with the schema's complaints when it is not valid SARIF 2.1.0. */
function validSarif(text: string): SarifLog {
  validator ??= loadSchemaValidator();
  const log = JSON.parse(text) as SarifLog;
  if (!validator(log)) throw new Error(`not valid SARIF 2.1.0: ${JSON.stringify(validator.errors, null, 2)}`);
  return log;
}

// Just the parts the tests read.
interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}
interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region };
  message?: { text: string };
}
interface ThreadFlow {
  id: string;
  locations: { executionOrder: number; location: Location }[];
}
interface SarifResult {
  ruleId: string;
  locations: Location[];
  partialFingerprints: Record<string, string>;
  codeFlows?: { message: { text: string }; threadFlows: ThreadFlow[] }[];
  suppressions?: { kind: string; status: string; justification?: string }[];
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  properties: { tags: string[]; precision: string; 'problem.severity': string };
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { toolExecutionNotifications: { locations: Location[] }[] }[];
    results: SarifResult[];
  }[];
}

// ---------------------------------------------------------------------------------------------------------
// Linting in this process

const TOOL = { name: 'race-lint', version: race.meta.version, informationUri: REPOSITORY };

/** Every rule, described as race-lint describes the enabled ones. */
const ALL_RULES: RuleDescription[] = Object.entries(rules).map(([name, rule]) => ({
  id: `race/${name}`,
  description: rule.meta.docs?.description,
  url: rule.meta.docs?.url,
}));

function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

/** Lints the files of `root` with every rule, without type information, in this process. */
async function lint(root: string): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: typescriptParser as Linter.Parser } },
      { files: ['**/*.ts'], ...race.configs.all },
    ],
  });
  return eslint.lintFiles(['.']);
}

/** A project with the given files, linted; its SARIF log, validated. */
async function sarifOf(files: Readonly<Record<string, string>>, options: { cwd?: string; root?: string } = {}) {
  const root = temporaryDirectory();
  writeFiles(root, files);
  const results = await lint(root);
  const cwd = path.join(root, options.cwd ?? '.');
  const log = validSarif(formatSarif(results, ALL_RULES, TOOL, cwd, options.root === undefined ? {} : { root: path.join(root, options.root) }));
  return { root, results, run: log.runs[0]! };
}

const MKDIR_RACE = `import { existsSync, promises as fs } from 'node:fs';
export async function ensure(dir: string): Promise<void> {
  if (!existsSync(dir)) {
    await fs.mkdir(dir);
  }
}
`;

const LAZY_CLIENT = `import { connect } from 'db-driver';
let client: object | undefined;
export async function getClient(): Promise<object> {
  if (!client) {
    client = await connect();
  }
  return client;
}
`;

const regionOf = (location: Location | undefined) => location?.physicalLocation.region;

// ---------------------------------------------------------------------------------------------------------

describe('SARIF rules', () => {
  it('carry a full description, the doc as help, tags, precision and severity for every rule', async () => {
    const { run } = await sarifOf({ 'src/clean.ts': 'export const answer = 42;\n' });
    const driverRules = run.tool.driver.rules;
    expect(driverRules.map((rule) => rule.id)).toEqual(ALL_RULES.map((rule) => rule.id));
    for (const rule of driverRules) {
      const name = rule.id.replace('race/', '') as keyof typeof rules;
      const doc = readFileSync(path.join(repository, 'rules', `${name}.md`), 'utf8');
      expect(rule.shortDescription).toEqual({ text: rules[name].meta.docs?.description });
      expect(rule.fullDescription.text.startsWith(`${rules[name].meta.docs?.description}.`)).toBe(true);
      expect(rule.help.text).toBe(doc);
      expect(rule.help.markdown.split('\n')[0]).toBe(`# race/${name}`);
      expect(rule.help.markdown.length).toBeGreaterThan(doc.length - 200);
      expect(rule.helpUri).toBe(`${REPOSITORY}/blob/main/rules/${name}.md`);
      expect(rule.properties.tags).toEqual(['security', 'concurrency']);
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties.precision);
      expect(['error', 'warning', 'recommendation']).toContain(rule.properties['problem.severity']);
    }
    // The full description goes on with the doc's "Why" when that is one paragraph.
    const checkThenAct = driverRules.find((rule) => rule.id === 'race/no-check-then-act')!;
    expect(checkThenAct.fullDescription.text).toMatch(/\(TOCTOU\)\. Between a check and the act that depends on it, another process/);
    expect(checkThenAct.properties).toEqual({ tags: ['security', 'concurrency'], precision: 'high', 'problem.severity': 'error' });
    // The help is shown away from the repository: its relative links point into it.
    expect(checkThenAct.help.markdown).toContain(`](${REPOSITORY}/blob/main/rules/no-read-modify-write.md#databases)`);
    const idempotency = driverRules.find((rule) => rule.id === 'race/require-idempotency-key')!;
    expect(idempotency.help.markdown).toContain(`](${REPOSITORY}/blob/main/rules/require-idempotency-key.md#why-not-recommended)`);
    expect(idempotency.properties).toEqual({ tags: ['security', 'concurrency'], precision: 'medium', 'problem.severity': 'warning' });
  });
});

describe('SARIF fingerprints and suppressions', () => {
  const fingerprintOf = (result: SarifResult | undefined) => Object.values(result?.partialFingerprints ?? {});

  it('gives each result a fingerprint that a line inserted above does not change', async () => {
    const before = await sarifOf({ 'src/race.ts': MKDIR_RACE });
    const edited = MKDIR_RACE.replace('export async function', '// Makes the directory.\n\nexport async function');
    const after = await sarifOf({ 'src/race.ts': edited });
    const [was] = before.run.results;
    const [is] = after.run.results;
    expect(regionOf(was?.locations[0])?.startLine).toBe(3);
    expect(regionOf(is?.locations[0])?.startLine).toBe(5);
    expect(Object.keys(was!.partialFingerprints)).toEqual(['raceLintLineHash/v1']);
    expect(fingerprintOf(was)[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf(is)).toEqual(fingerprintOf(was));
  });

  it('tells apart the same line repeated in a file, and the same code in another file', async () => {
    const twice = `${MKDIR_RACE}export async function ensureAgain(dir: string): Promise<void> {\n  if (!existsSync(dir)) {\n    await fs.mkdir(dir);\n  }\n}\n`;
    const { run } = await sarifOf({ 'src/twice.ts': twice, 'src/race.ts': MKDIR_RACE });
    const prints = run.results.map((result) => `${result.locations[0]!.physicalLocation.artifactLocation.uri} ${fingerprintOf(result)[0]}`);
    expect(prints).toHaveLength(3);
    expect(new Set(prints.map((print) => print.split(' ')[1])).size).toBe(3);
  });

  it('marks a race disabled by a comment as an accepted suppression with its reason', async () => {
    const disabled = MKDIR_RACE.replace('  if (', '  // eslint-disable-next-line race/no-check-then-act -- one process only\n  if (');
    const { run } = await sarifOf({ 'src/race.ts': disabled });
    expect(run.results).toHaveLength(1);
    expect(run.results[0]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'one process only' }]);
    expect(fingerprintOf(run.results[0])[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('SARIF locations', () => {
  it('are relative to the given root, so that a job in a subfolder of a monorepo uploads paths that resolve', async () => {
    const { root, run } = await sarifOf({ 'packages/app/src/race.ts': MKDIR_RACE }, { cwd: 'packages/app', root: '.' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'packages/app/src/race.ts', uriBaseId: '%SRCROOT%' });
    // The steps of the race too.
    const steps = run.results[0]!.codeFlows![0]!.threadFlows.flatMap((thread) => thread.locations);
    expect(steps.map((step) => step.location.physicalLocation.artifactLocation.uri)).toEqual(Array(4).fill('packages/app/src/race.ts'));
  });

  it('are relative to the working directory by default, and absolute for a file outside the root', async () => {
    const { root, results } = await sarifOf({ 'app/src/race.ts': MKDIR_RACE, 'lib/race.ts': MKDIR_RACE });
    const log = validSarif(formatSarif(results, ALL_RULES, TOOL, path.join(root, 'app')));
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: `${pathToFileURL(path.join(root, 'app')).href}/` });
    expect(run.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation)).toEqual([
      { uri: 'src/race.ts', uriBaseId: '%SRCROOT%' },
      { uri: pathToFileURL(path.join(root, 'lib', 'race.ts')).href },
    ]);
  });

  it('start at column 1 or later, also for a parse error at the start of a line', async () => {
    const { run } = await sarifOf({ 'src/broken.ts': 'export const a = 1;\n)\n' });
    const [notification] = run.invocations[0]!.toolExecutionNotifications;
    expect(notification!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 1 },
    });
  });
});

describe('SARIF code flows', () => {
  /** Each thread's steps as "executionOrder line:column-endColumn message". */
  const threads = (result: SarifResult | undefined) =>
    result?.codeFlows?.[0]?.threadFlows.map((thread) => ({
      id: thread.id,
      steps: thread.locations.map(({ executionOrder, location }) => {
        const region = regionOf(location)!;
        return `${executionOrder} ${region.startLine}:${region.startColumn}-${region.endColumn} ${location.message?.text}`;
      }),
    }));

  it('show two callers interleaving on the lines of a file check and its act', async () => {
    const { run } = await sarifOf({ 'src/race.ts': MKDIR_RACE });
    expect(run.results).toHaveLength(1);
    expect(threads(run.results[0])).toEqual([
      { id: 'A', steps: ['1 3:8-23 Caller A: `existsSync` checks `dir`', '3 4:11-24 Caller A: `mkdir` acts on `dir`'] },
      { id: 'B', steps: ['2 3:8-23 Caller B: `existsSync` checks `dir`', '4 4:11-24 Caller B: `mkdir` acts on `dir`'] },
    ]);
    expect(run.results[0]!.codeFlows![0]!.message.text).toBe(
      'Two concurrent callers interleave. A: `existsSync` checks `dir`; B: the same; A: `mkdir` acts on `dir`; B: the same.',
    );
  });

  it('show the check and the write of shared state across an await', async () => {
    const { run } = await sarifOf({ 'src/client.ts': LAZY_CLIENT });
    expect(run.results.map((result) => result.ruleId)).toEqual(['race/no-check-then-act']);
    expect(threads(run.results[0])).toEqual([
      {
        id: 'A',
        steps: ['1 4:8-14 Caller A: checks `client`, then awaits (line 5)', '3 5:5-29 Caller A: changes `client` as if the check still held'],
      },
      {
        id: 'B',
        steps: ['2 4:8-14 Caller B: checks `client`, then awaits (line 5)', '4 5:5-29 Caller B: changes `client` as if the check still held'],
      },
    ]);
  });

  it('are left out when the steps were not recorded for that text of the file (another process, a cache hit, an edit since)', async () => {
    const { root, results } = await sarifOf({ 'src/race.ts': MKDIR_RACE });
    const edited = MKDIR_RACE.replace('export async function', '\nexport async function');
    // The same report, as a worker thread or the cache would hand it over for another text of the file.
    const elsewhere = results.map((result) => ({ ...result, source: edited }));
    const unlinted = results.map((result) => ({ ...result, filePath: path.join(root, 'src', 'other.ts'), source: MKDIR_RACE }));
    for (const given of [elsewhere, unlinted]) {
      const run = validSarif(formatSarif(given, ALL_RULES, TOOL, root)).runs[0]!;
      expect(run.results).toHaveLength(1);
      expect(run.results[0]!.codeFlows).toBeUndefined();
    }
  });
});

describe('SARIF schema', () => {
  it('is the official SARIF 2.1.0 schema, and rejects a region at column 0', () => {
    validator ??= loadSchemaValidator();
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'race-lint' } },
          results: [
            {
              message: { text: 'a race' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'src/race.ts' }, region: { startLine: 1, startColumn: 0 } } }],
            },
          ],
        },
      ],
    };
    expect(validator(log)).toBe(false);
    expect(validator.errors?.[0]).toMatchObject({ keyword: 'minimum', params: { limit: 1 } });
    log.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startColumn = 1;
    expect(validator(log)).toBe(true);
  });
});
