import { createRule } from '../src/core/create-rule.js';
import { mergeListeners } from '../src/core/listeners.js';

export default createRule({
  name: 'no-read-modify-write',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing back a value computed from an earlier read of the same shared resource (lost updates)',
      recommended: true,
      requiresTypeChecking: false,
      usesTypeInformation: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {},
    schema: [],
    defaultOptions: [],
  },
  create() {
    return mergeListeners();
  },
});
