// TypeScript for the modules of the plugin, which are ES modules, by `import ts from '../typescript.cjs'`.
//
// They do not `import ts from 'typescript'`: Node's ESM loader scans the whole source of a CommonJS module it
// imports for its export names, and for TypeScript's 9 MB that scan took 0.4 s (2.9 billion instructions) of
// every lint process, and of every thread of `eslint --concurrency`. A CommonJS `require` does not scan, and the
// loader's scan of this file finds no re-export to follow.
//
// `#typescript` is mapped in package.json's `imports`: to TypeScript's own declarations for the type checker
// (so `ts.Type` and the rest keep their meaning), and at run time to load-typescript.cts, which loads the
// optional `typescript` package only when a property is first read.
import ts = require('#typescript');
export = ts;
