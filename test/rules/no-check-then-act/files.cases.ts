import type rule from '../../../rules/no-check-then-act.js';
import type { CasesFor } from '../../rule-tester.js';

export const fileCases: CasesFor<typeof rule> = { valid: ['const x = 1;'] };
