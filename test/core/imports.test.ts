import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { probe } from './probe.js';
import { isPackageSpecifier, relativeImportTarget } from '../../src/core/recognize/imports.js';

/**
 * For each argument of `probe(...)`: what `relativeImportTarget` finds, and whether it is the very symbol the
 * checker's alias resolution gives (`checker` when it leaves the name to the checker).
 */
function targetsOf(code: string): Record<string, string> {
  const answers: Record<string, string> = {};
  probe(
    code,
    (file) => ({
      'CallExpression[callee.name="probe"] > Identifier.arguments'(node: TSESTree.Identifier) {
        const types = file.types!;
        const found = relativeImportTarget(file, types, node);
        if (!found) {
          answers[node.name] = 'checker';
          return;
        }
        const alias = types.checker.getSymbolAtLocation(types.services.esTreeNodeToTSNodeMap.get(node) as ts.Node)!;
        const same = types.checker.getAliasedSymbol(alias) === found;
        answers[node.name] = `${found.getName()} ${ts.SyntaxKind[found.declarations![0]!.kind]}${same ? '' : ' (not the checker’s)'}`;
      },
    }),
    { typed: true },
  );
  return answers;
}

describe('relativeImportTarget', () => {
  it('reads a relative import from the module that declares it, as the checker resolves it', () => {
    expect(
      targetsOf(`import { UserRepository, userRepository, findUserByEmail as findByEmail } from './prisma/helpers.js';
import acquire, { freeLease } from './redis-lock-barrel.js';
import Redis from 'ioredis';
import * as helpers from './prisma/helpers.js';
declare function probe(...values: unknown[]): void;
probe(UserRepository, userRepository, findByEmail, acquire, freeLease, Redis, helpers);`),
    ).toEqual({
      UserRepository: 'UserRepository ClassDeclaration',
      userRepository: 'userRepository VariableDeclaration',
      findByEmail: 'findUserByEmail FunctionDeclaration',
      // Re-exports, packages and namespaces are left to the checker.
      acquire: 'checker',
      freeLease: 'checker',
      Redis: 'checker',
      helpers: 'checker',
    });
  });
});

describe('isPackageSpecifier', () => {
  it('is a package only where no compiler option can send the specifier to the application’s files', () => {
    const answers: Record<string, boolean> = {};
    probe(
      // A folder or source file under `baseUrl` can be what a bare specifier names.
      "import './prisma/helpers.js';",
      (file) => ({
        Program() {
          // The fixtures' tsconfig sets `baseUrl: "."` and maps 'redlock' with `paths`.
          for (const specifier of ['ioredis', 'async-mutex', 'redlock', 'redis-lock-barrel', 'prisma/helpers', './route.js']) {
            answers[specifier] = isPackageSpecifier(file.types!, specifier);
          }
        },
      }),
      { typed: true },
    );
    expect(answers).toEqual({
      ioredis: true,
      'async-mutex': true,
      redlock: false,
      // Files of the program under `baseUrl`.
      'redis-lock-barrel': false,
      'prisma/helpers': false,
      './route.js': false,
    });
  });
});
