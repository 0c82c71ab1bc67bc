import type { TSESLint } from '@typescript-eslint/utils';

export const fileCheckThenActMessages = {
  checkThenAct: 'placeholder',
} as const;

export function fileCheckThenAct(_context: Readonly<TSESLint.RuleContext<keyof typeof fileCheckThenActMessages, readonly unknown[]>>): TSESLint.RuleListener {
  return {};
}
