import { createRule } from '../src/core/create-rule.js';
import { mergeListeners } from '../src/core/listeners.js';
import { lockTtl, lockTtlMessages } from '../src/core/patterns/lock-ttl.js';

export default createRule({
  name: 'require-lock-ttl',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a TTL on Redis locks, so that a crashed holder cannot keep a lock forever',
      recommended: true,
      requiresTypeChecking: false,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: { ...lockTtlMessages },
    schema: [],
  },
  create(context) {
    return mergeListeners(lockTtl(context));
  },
});
