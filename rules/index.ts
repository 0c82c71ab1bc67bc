import noCheckThenAct from './no-check-then-act.js';
import noReadModifyWrite from './no-read-modify-write.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireLockTtl from './require-lock-ttl.js';

/** Every rule of the plugin, by name. The configs are computed from this table and each rule's `meta.docs`. */
export const rules = {
  'no-check-then-act': noCheckThenAct,
  'no-read-modify-write': noReadModifyWrite,
  'require-idempotency-key': requireIdempotencyKey,
  'require-lock-ttl': requireLockTtl,
};
