// What ESLint's rule contexts do to the garbage collector, without ESLint: a standalone script to paste into a
// report to ESLint or V8. Run it under `node --trace-gc-nvp bench/prototype-retention.mjs <mode>` and compare
// the scavenges, full collections and promoted bytes of the three modes.
//
// Each "file" is a young graph (20,000 small objects, as an AST is) held by a per-file context object, and one
// context per "rule" is made from it, as ESLint 10's `FileContext.prototype.extend` does:
//   per-file-prototype  Object.create(fileContext): the file's context becomes a prototype (ESLint today)
//   class-prototype     Object.create(FileContext.prototype) with the file context's fields copied
//   none                no per-rule context at all
// With per-file-prototype V8 gives every file's context a map of its own for the objects made from it. Maps
// live in the old generation and hold their prototype, so each file's graph survives every scavenge until the
// next full collection and is promoted on the way.
const MODES = ['per-file-prototype', 'class-prototype', 'none'];
const mode = process.argv[2];
if (!MODES.includes(mode)) {
  console.error(`usage: node --trace-gc-nvp prototype-retention.mjs <${MODES.join(' | ')}>`);
  process.exit(2);
}

class FileContext {
  constructor(ast) {
    this.ast = ast;
    Object.freeze(this);
  }

  extend(extension) {
    if (mode === 'per-file-prototype') return Object.freeze(Object.assign(Object.create(this), extension));
    if (mode === 'class-prototype') return Object.freeze(Object.assign(Object.create(FileContext.prototype), this, extension));
    return extension;
  }
}

const FILES = 2000;
const NODES_PER_FILE = 20000;
const cpuBefore = process.cpuUsage();
let nodesSeen = 0;
for (let file = 0; file < FILES; file++) {
  const ast = [];
  for (let i = 0; i < NODES_PER_FILE; i++) ast.push({ type: 'Identifier', start: i, end: i + 1, parent: null });
  const ruleContext = new FileContext(ast).extend({ id: 'some-rule' });
  nodesSeen += ruleContext.ast?.length ?? NODES_PER_FILE;
}
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ mode, files: FILES, nodesSeen, cpuMs: (cpu.user + cpu.system) / 1000 }));
