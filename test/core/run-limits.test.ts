import { describe, expect, it } from 'vitest';
import { globPattern } from '../../src/core/recognize/run-limits.js';

/** vercel.json `functions` globs, matched against a path relative to the vercel.json's directory. */
describe('globPattern', () => {
  const matches = (glob: string, file: string) => globPattern(glob).test(file);

  it('reads `**/` as any number of directories, none included', () => {
    expect(matches('app/api/cron/**/*.ts', 'app/api/cron/route.ts')).toBe(true);
    expect(matches('app/api/cron/**/*.ts', 'app/api/cron/a/b/route.ts')).toBe(true);
    expect(matches('app/api/cron/**/*.ts', 'app/api/orders/route.ts')).toBe(false);
  });

  it('keeps `*` and `?` within one path segment', () => {
    expect(matches('api/*.js', 'api/sync.js')).toBe(true);
    expect(matches('api/*.js', 'api/jobs/sync.js')).toBe(false);
    expect(matches('api/v?.ts', 'api/v2.ts')).toBe(true);
    expect(matches('api/v?.ts', 'api/v/.ts')).toBe(false);
  });

  it('takes route groups and dots literally, and `{a,b}` as alternatives', () => {
    expect(matches('app/(ee)/api/**/*.ts', 'app/(ee)/api/cron/route.ts')).toBe(true);
    expect(matches('app/(ee)/api/**/*.ts', 'app/ee/api/cron/route.ts')).toBe(false);
    expect(matches('api/*.ts', 'api/routexts')).toBe(false);
    expect(matches('pages/api/{sync,import}.ts', 'pages/api/import.ts')).toBe(true);
    expect(matches('pages/api/{sync,import}.ts', 'pages/api/export.ts')).toBe(false);
  });

  it('ignores a leading `./`', () => {
    expect(matches('./api/*.ts', 'api/sync.ts')).toBe(true);
  });
});
