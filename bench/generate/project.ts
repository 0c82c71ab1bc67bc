import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDomain, type Domain, type RaceKind } from './model.js';
import { Random } from './random.js';
import { entityFile, repositoryFile } from './templates/data.js';
import { cacheFile, controllerFile, jobsFile, mapperFile, serviceFile, validationFile } from './templates/domain.js';
import { appFile, infrastructureFiles, prismaClientFile } from './templates/infrastructure.js';

export interface GenerateOptions {
  readonly directory: string;
  /** Number of `.ts` files under `src/`. */
  readonly files: number;
  readonly seed: number;
  /** Probability that a given race site of a domain is written racy. */
  readonly raceRate?: number;
}

export interface PlantedRace {
  readonly file: string;
  readonly kind: RaceKind;
}

export interface GeneratedProject {
  readonly directory: string;
  readonly files: number;
  readonly seed: number;
  readonly races: readonly PlantedRace[];
}

/** Each domain's files, in dependency order: a domain cut short by the file budget still type-checks. */
const DOMAIN_FILES: readonly { suffix: string; write: (domain: Domain) => string; races: readonly RaceKind[] }[] = [
  { suffix: 'entity', write: entityFile, races: [] },
  { suffix: 'repository', write: repositoryFile, races: ['find-then-create'] },
  { suffix: 'cache', write: cacheFile, races: ['redis-get-then-set'] },
  { suffix: 'mapper', write: mapperFile, races: [] },
  { suffix: 'validation', write: validationFile, races: [] },
  { suffix: 'service', write: serviceFile, races: [] },
  { suffix: 'controller', write: controllerFile, races: [] },
  { suffix: 'jobs', write: jobsFile, races: ['fs-exists-then-write', 'lock-release-outside-finally'] },
];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'DOM'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    experimentalDecorators: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

/** The repository's own node_modules: the generated project resolves the installed libraries through a link. */
const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');

/** Writes a TypeScript service of `files` source files, replacing `directory`. The same seed writes the same project. */
export function generateProject({ directory, files, seed, raceRate = 0.05 }: GenerateOptions): GeneratedProject {
  const random = new Random(seed);
  const sources = new Map<string, string>(Object.entries(infrastructureFiles));
  const sharedCount = sources.size + 2; // the Prisma client and the app, written once the domains are known
  if (files < sharedCount + DOMAIN_FILES.length) throw new Error(`A project needs at least ${sharedCount + DOMAIN_FILES.length} files`);

  const domains: Domain[] = [];
  const routed: Domain[] = [];
  const races: PlantedRace[] = [];
  let budget = files - sharedCount;
  for (let index = 1; budget > 0; index++) {
    const domain = createDomain(random, index, raceRate);
    domains.push(domain);
    for (const kind of DOMAIN_FILES.slice(0, budget)) {
      const file = `src/domains/${domain.name}/${domain.name}.${kind.suffix}.ts`;
      sources.set(file, kind.write(domain));
      for (const race of kind.races) if (domain.races.has(race)) races.push({ file, kind: race });
      if (kind.suffix === 'controller') routed.push(domain);
      budget--;
    }
  }
  sources.set('src/db/prisma.ts', prismaClientFile(domains));
  sources.set('src/app.ts', appFile(routed));

  rmSync(directory, { recursive: true, force: true });
  for (const [file, text] of sources) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    writeFileSync(path.join(directory, file), text);
  }
  writeFileSync(path.join(directory, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify({ name: `bench-service-${files}`, private: true, type: 'module' }, null, 2)}\n`);
  symlinkSync(NODE_MODULES, path.join(directory, 'node_modules'), 'dir');
  const project: GeneratedProject = { directory, files, seed, races };
  writeFileSync(path.join(directory, 'races.json'), `${JSON.stringify(project, null, 2)}\n`);
  return project;
}
