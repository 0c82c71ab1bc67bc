import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type-aware linting builds a TypeScript program per project: slow on first use, so generous limits.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
