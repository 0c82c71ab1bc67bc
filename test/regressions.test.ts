/**
 * Crashes found by the sweep (`npm run sweep`): each snippet is the smallest code that made a rule throw.
 * Every rule runs over it, with ESLint's default parser (espree) and with typescript-eslint without types.
 */
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import race from '../src/index.js';

interface Regression {
  readonly title: string;
  /** Where the sweep found it and what threw. */
  readonly found: string;
  readonly code: string;
  readonly sourceType?: 'module' | 'commonjs';
}

const regressions: readonly Regression[] = [
  {
    title: 'a class without decorators parsed by espree (no `decorators` property)',
    found: 'sequelize/lib/dialects/oracle/connection-manager.js, no-check-then-act: Cannot read properties of undefined (reading \'some\')',
    code: `class ConnectionManager {
  async connect() {
    const connection = await this.lib.getConnection();
    this.options.databaseVersion = connection.version;
  }
}
module.exports = ConnectionManager;`,
    sourceType: 'commonjs',
  },
  {
    title: 'NestJS route discovery over espree classes and methods without decorators',
    found: '@nestjs/core/helpers/external-context-creator.js, require-idempotency-key: Cannot read properties of undefined (reading \'map\')',
    code: `const common_1 = require("@nestjs/common");
class ExternalContextCreator {
  create(handler) {
    return handler();
  }
}
exports.ExternalContextCreator = ExternalContextCreator;`,
    sourceType: 'commonjs',
  },
];

const parsers: Readonly<Record<string, Linter.LanguageOptions>> = {
  espree: { ecmaVersion: 'latest' },
  'typescript-eslint': { parser },
};

describe('rules do not crash on code the sweep found', () => {
  for (const regression of regressions) {
    for (const [parserName, languageOptions] of Object.entries(parsers)) {
      it(`${regression.title} (${parserName})`, () => {
        const linter = new Linter();
        const config: Linter.Config[] = [{ languageOptions: { ...languageOptions, sourceType: regression.sourceType ?? 'module' } }, race.configs.all as Linter.Config];
        const messages = linter.verify(regression.code, config, 'regression.js');
        expect(messages.filter((message) => message.fatal)).toEqual([]);
      });
    }
  }
});
