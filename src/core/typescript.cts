// TypeScript's runtime, as the parser already loaded it, for the modules of the plugin, which are ES modules.
// They do not `import ts from 'typescript'`: Node's ESM loader scans the whole source of a CommonJS module it
// imports for its export names, and for TypeScript's 9 MB that scan took 0.4 s (2.9 billion instructions) of
// every lint process, and of every thread of `eslint --concurrency`. A CommonJS `require` does not scan, and the
// loader's scan of this file finds no re-export to follow.
import ts = require('typescript');
export = ts;
