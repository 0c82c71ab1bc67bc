import noCheckThenAct from './no-check-then-act.js';
import noReadModifyWrite from './no-read-modify-write.js';

/** Every rule of the plugin, by name. The configs are computed from this table and each rule's `meta.docs`. */
export const rules = {
  'no-check-then-act': noCheckThenAct,
  'no-read-modify-write': noReadModifyWrite,
};
