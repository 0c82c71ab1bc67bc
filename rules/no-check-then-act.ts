import { createRule } from '../src/core/create-rule.js';
import { mergeListeners } from '../src/core/listeners.js';
import { fileCheckThenAct, fileCheckThenActMessages } from '../src/core/patterns/file-check-then-act.js';
import { sharedCheckThenAct, sharedCheckThenActMessages } from '../src/core/patterns/shared-check-then-act.js';

export default createRule({
  name: 'no-check-then-act',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow checking a shared resource and then acting on it as two separate steps (TOCTOU)',
      recommended: true,
      requiresTypeChecking: false,
      usesTypeInformation: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: { ...fileCheckThenActMessages, ...sharedCheckThenActMessages },
    schema: [],
  },
  create(context) {
    return mergeListeners(fileCheckThenAct(context), sharedCheckThenAct(context));
  },
});
