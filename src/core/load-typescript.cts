// TypeScript's runtime, loaded on first use: what `#typescript` (typescript.cts) is at run time.
//
// `typescript` is an optional peer dependency: the rules read types only when the parser produced a type-checked
// program, and without one they work on syntax alone. So the package is required when a property is first
// read, not when the plugin is imported, and a project without TypeScript can use the rules under espree.
type TypeScript = typeof import('typescript');

/** Why TypeScript could not be loaded, once that has been tried and failed. */
let failure: unknown;

function loadTypeScript(): TypeScript {
  if (failure !== undefined) throw missingTypeScript(failure);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a call, so that it runs on first use
    return require('typescript') as TypeScript;
  } catch (error) {
    failure = error;
    throw missingTypeScript(error);
  }
}

function missingTypeScript(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new Error(`eslint-plugin-race: type information needs the 'typescript' package, which cannot be loaded (${reason})`, { cause });
}

/**
 * Stands for the module until it is loaded. The first read of any property loads TypeScript and copies its
 * exports (as property descriptors, so its getters stay live) onto this very object, then drops the proxy from
 * the prototype chain: every later read is an ordinary property read, with no trap in the hot paths.
 */
const typescript = Object.create(
  new Proxy(
    {},
    {
      get(_target, key) {
        const loaded = loadTypeScript();
        Object.defineProperties(typescript, Object.getOwnPropertyDescriptors(loaded));
        Object.setPrototypeOf(typescript, Object.getPrototypeOf(loaded) as object | null);
        return Reflect.get(loaded, key) as unknown;
      },
    },
  ),
) as TypeScript;

export = typescript;
