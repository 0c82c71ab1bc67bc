import { createRule } from '../src/core/create-rule.js';
import { sharedStateOptionsSchema } from '../src/core/analysis/shared-state.js';
import { mergeListeners } from '../src/core/listeners.js';
import { oneShotOptionsSchema, skipsOneShotFile } from '../src/core/analysis/one-shot.js';
import { quietAtStartup } from '../src/core/analysis/startup-code.js';
import { databaseOptionsSchema, databaseReadModifyWrite, databaseReadModifyWriteMessages } from '../src/core/patterns/db-read-modify-write.js';
import { redisReadModifyWrite, redisReadModifyWriteMessages } from '../src/core/patterns/redis-read-modify-write.js';
import { sharedReadModifyWrite, sharedReadModifyWriteMessages } from '../src/core/patterns/shared-read-modify-write.js';

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
    messages: { ...databaseReadModifyWriteMessages, ...redisReadModifyWriteMessages, ...sharedReadModifyWriteMessages },
    // One options object; each domain adds its properties.
    schema: [{ type: 'object', properties: { ...databaseOptionsSchema, ...sharedStateOptionsSchema, ...oneShotOptionsSchema }, additionalProperties: false }],
    defaultOptions: [{}],
  },
  create(context) {
    // Scripts, command-line tools and build configuration run once: no second actor (see the option `scripts`).
    if (skipsOneShotFile(context)) return {};
    // Start-up code (a NestJS `onModuleInit` and what only it calls) runs before anything else: no second caller.
    const reporting = quietAtStartup(context);
    return mergeListeners(databaseReadModifyWrite(reporting), redisReadModifyWrite(reporting), sharedReadModifyWrite(reporting));
  },
});
