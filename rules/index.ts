import noCheckThenAct from './no-check-then-act.js';
import noReadModifyWrite from './no-read-modify-write.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import noUnguardedLockRelease from './no-unguarded-lock-release.js';
import requireLockTtl from './require-lock-ttl.js';

/** Every rule of the plugin, by name. The configs are computed from this table and each rule's `meta.docs`. */
export const rules = {
  'no-check-then-act': noCheckThenAct,
  'no-read-modify-write': noReadModifyWrite,
  'require-idempotency-key': requireIdempotencyKey,
  'no-unguarded-lock-release': noUnguardedLockRelease,
  'require-lock-ttl': requireLockTtl,
};
