// typescript-eslint's type utilities, for the plugin's ES modules, through require as src/core/typescript.cts
// does: imported as an ES module, Node scanned its modules for their export names, 0.3 billion instructions of
// every lint process.
import typeUtils = require('@typescript-eslint/type-utils');
export = typeUtils;
