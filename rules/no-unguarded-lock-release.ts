import { createRule } from '../src/core/create-rule.js';
import { mergeListeners } from '../src/core/listeners.js';
import { lockRelease, lockReleaseMessages } from '../src/core/patterns/lock-release.js';

export default createRule({
  name: 'no-unguarded-lock-release',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow releasing a lock in a way that can free another owner's lock, or that a thrown error skips",
      recommended: true,
      requiresTypeChecking: false,
      usesTypeInformation: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: { ...lockReleaseMessages },
    schema: [],
  },
  create(context) {
    return mergeListeners(lockRelease(context));
  },
});
