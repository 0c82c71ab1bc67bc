import { createRule } from '../src/core/create-rule.js';
import { duplicateWorkOptionsSchema, sharedStateOptionsSchema } from '../src/core/analysis/shared-state.js';
import { mergeListeners } from '../src/core/listeners.js';
import { oneShotOptionsSchema, skipsOneShotFile } from '../src/core/analysis/one-shot.js';
import { quietAtStartup } from '../src/core/analysis/startup-code.js';
import { databaseCheckThenAct, databaseCheckThenActMessages } from '../src/core/patterns/db-check-then-act.js';
import { databaseOptionsSchema } from '../src/core/patterns/db-read-modify-write.js';
import { fileCheckThenAct, fileCheckThenActMessages, fileSystemOptionsSchema } from '../src/core/patterns/file-check-then-act.js';
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
    messages: { ...fileCheckThenActMessages, ...databaseCheckThenActMessages, ...sharedCheckThenActMessages },
    // One options object; each domain adds its properties.
    schema: [{ type: 'object', properties: { ...databaseOptionsSchema, ...sharedStateOptionsSchema, ...duplicateWorkOptionsSchema, ...fileSystemOptionsSchema, ...oneShotOptionsSchema }, additionalProperties: false }],
    defaultOptions: [{}],
  },
  create(context) {
    // Scripts, command-line tools and build configuration run once: no second actor (see the option `scripts`).
    if (skipsOneShotFile(context)) return {};
    // Start-up code (a NestJS `onModuleInit` and what only it calls) runs before anything else: no second caller.
    const reporting = quietAtStartup(context);
    return mergeListeners(fileCheckThenAct(reporting), databaseCheckThenAct(reporting), sharedCheckThenAct(reporting));
  },
});
