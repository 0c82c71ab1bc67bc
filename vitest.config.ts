import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite does not compile CommonJS TypeScript; src/core/typescript.cts only hands the package on (`export =`).
    alias: [{ find: /^\.{1,2}\/(?:.*\/)?typescript\.cjs$/, replacement: 'typescript' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Type-aware linting builds a TypeScript program per project: slow on first use, so generous limits.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
