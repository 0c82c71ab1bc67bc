import type { RuleCases } from '../../rule-tester.js';

export const fileCases: RuleCases<string, []> = { valid: ['const x = 1;'] };
