import noCheckThenAct from './no-check-then-act.js';

/** Every rule of the plugin, by name. The configs are computed from this table and each rule's `meta.docs`. */
export const rules = {
  'no-check-then-act': noCheckThenAct,
};
