import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  // Only what the files import: not every @types package of the tree.
  types: [],
};

/** Parsed files shared by the programs of all packages (the default libraries, shared dependencies), as a language service's document registry does. */
const sourceFiles = new Map<string, ts.SourceFile | undefined>();
const MAX_SHARED_FILES = 20_000;

function sharedHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError) => {
    if (sourceFiles.size > MAX_SHARED_FILES) sourceFiles.clear();
    if (!sourceFiles.has(fileName)) sourceFiles.set(fileName, read(fileName, languageVersion, onError));
    return sourceFiles.get(fileName);
  };
  return host;
}

/** A program over `files` (one package's sampled files) with their imports resolved from node_modules. */
export function createPackageProgram(files: readonly string[]): ts.Program {
  return ts.createProgram({ rootNames: files, options: OPTIONS, host: sharedHost() });
}
