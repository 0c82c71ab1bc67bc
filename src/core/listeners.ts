import type { TSESLint } from '@typescript-eslint/utils';

/**
 * Combines the listeners of several analyses into one: a rule that covers several domains (files, databases,
 * shared memory) stays one rule with one set of options, while each domain keeps its own analysis.
 */
export function mergeListeners(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const merged: Record<string, ((node: never) => void)[]> = {};
  for (const listener of listeners) {
    for (const [selector, handler] of Object.entries(listener)) {
      if (handler) (merged[selector] ??= []).push(handler as (node: never) => void);
    }
  }
  const out: Record<string, (node: never) => void> = {};
  for (const [selector, handlers] of Object.entries(merged)) {
    out[selector] = handlers.length === 1 ? handlers[0]! : (node) => handlers.forEach((handler) => handler(node));
  }
  return out as TSESLint.RuleListener;
}
