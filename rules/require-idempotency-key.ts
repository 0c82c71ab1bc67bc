import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { createRule } from '../src/core/create-rule.js';
import { DEFAULT_IDEMPOTENCY_HEADERS, DEFAULT_IDEMPOTENCY_MIDDLEWARE } from '../src/core/catalogue/http.js';
import { defaultIdempotencyOptions, idempotency, idempotencyMessages, type IdempotencyOptions } from '../src/core/patterns/idempotency.js';

/** typescript-eslint's type-or-value specifier, as a JSON schema (a name, or a name from a file, a package or the lib). */
const specifierSchema: JSONSchema4 = {
  oneOf: [
    { type: 'string' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        from: { type: 'string', enum: ['file', 'lib', 'package'] },
        name: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }] },
        path: { type: 'string' },
        package: { type: 'string' },
      },
      required: ['from', 'name'],
    },
  ],
};

export default createRule<[Partial<IdempotencyOptions>], keyof typeof idempotencyMessages>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require an idempotency key (or an event-id dedupe) before non-idempotent effects in POST handlers and webhooks',
      // Not recommended: every create endpoint without a key is reported (see the doc's "Why not recommended").
      recommended: false,
      requiresTypeChecking: false,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: { ...idempotencyMessages },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          methods: {
            type: 'array',
            items: { type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'] },
            uniqueItems: true,
            description: 'HTTP methods whose handlers must be idempotent.',
          },
          headers: {
            type: 'array',
            items: { type: 'string' },
            description: `Header names carrying the client's key (default: ${DEFAULT_IDEMPOTENCY_HEADERS.join(', ')}).`,
          },
          middleware: {
            type: 'object',
            additionalProperties: false,
            properties: {
              packages: { type: 'array', items: { type: 'string' }, description: 'Anything imported from these packages is idempotency middleware.' },
              names: { type: 'array', items: { type: 'string' }, description: 'Parts of middleware, interceptor and decorator names (case-insensitive).' },
            },
            description: `Idempotency middleware: packages (default: ${DEFAULT_IDEMPOTENCY_MIDDLEWARE.packages.join(', ')}) and name parts.`,
          },
          effects: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                methods: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Method or function names.' },
                type: { ...specifierSchema, description: 'The receiver type whose methods these are; without it, any call with the name.' },
              },
              required: ['methods'],
            },
            description: 'Other non-idempotent calls: queue publishes, emails.',
          },
          repositories: {
            type: 'array',
            items: specifierSchema,
            description: "The application's own repositories, for the database classifier.",
          },
          keyStore: {
            oneOf: [
              { type: 'null', description: 'No helper: the guard and dedupe suggestions are not offered.' },
              {
                type: 'object',
                additionalProperties: false,
                description: 'The helper, by name and module.',
                properties: {
                  name: { type: 'string', description: 'The helper function, imported by name.' },
                  module: { type: 'string', description: 'The module the helper is imported from, as the suggestions write it.' },
                },
                required: ['name', 'module'],
              },
            ],
            description: 'A `(key: string) => Promise<boolean>` helper that records a key and resolves true the first time.',
          },
        },
      },
    ],
    defaultOptions: [defaultIdempotencyOptions],
  },
  create(context) {
    return idempotency(context);
  },
});
