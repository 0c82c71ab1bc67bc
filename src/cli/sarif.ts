import type { ESLint, Linter } from 'eslint';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a SARIF consumer (GitHub code scanning) shows for a rule. */
export interface RuleDescription {
  readonly id: string;
  readonly description?: string | undefined;
  readonly url?: string | undefined;
}

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Result locations are relative to this base, which the consumer maps to its checkout. */
const SOURCE_ROOT = '%SRCROOT%';

const levelOf = (message: Linter.LintMessage): 'error' | 'warning' => (message.severity === 2 ? 'error' : 'warning');

/** A path relative to the source root, as a URI reference (forward slashes, percent-encoded). */
const relativeUri = (cwd: string, filePath: string): string =>
  path.relative(cwd, filePath).split(path.sep).map(encodeURIComponent).join('/');

function location(cwd: string, filePath: string, message: Linter.LintMessage) {
  const artifactLocation = { uri: relativeUri(cwd, filePath), uriBaseId: SOURCE_ROOT };
  // Some file-level messages (an ignored file) have no position; SARIF lines start at 1.
  if (!(message.line >= 1)) return { physicalLocation: { artifactLocation } };
  const region = {
    startLine: message.line,
    startColumn: message.column,
    // ESLint's end column, like SARIF's, is one past the last character.
    ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
    ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
  };
  return { physicalLocation: { artifactLocation, region } };
}

/**
 * The results as a SARIF 2.1.0 log, in the shape GitHub code scanning reads: one run whose driver lists every
 * enabled rule, and one result per problem. Problems without a rule (parse errors) are tool notifications: they
 * are no finding about the code, but the reader must know a file could not be checked.
 */
export function formatSarif(
  results: readonly ESLint.LintResult[],
  rules: readonly RuleDescription[],
  tool: SarifTool,
  cwd: string,
): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const driverRules = rules.map((rule) => ({
    id: rule.id,
    ...(rule.description === undefined ? {} : { shortDescription: { text: rule.description } }),
    ...(rule.url === undefined ? {} : { helpUri: rule.url }),
  }));

  const sarifResults = results.flatMap((result) => {
    const messages: (Linter.LintMessage & { suppressions?: Linter.LintSuppression[] })[] = [...result.messages, ...result.suppressedMessages];
    return messages.flatMap((message) => {
      if (message.ruleId === null) return [];
      const index = ruleIndex.get(message.ruleId);
      // Comments that disable a rule: SARIF readers show these results as dismissed, with the comment's reason.
      const suppressions = message.suppressions?.map(({ justification }) => ({
        kind: 'inSource',
        ...(justification === '' ? {} : { justification }),
      }));
      return [
        {
          ruleId: message.ruleId,
          ...(index === undefined ? {} : { ruleIndex: index }),
          level: levelOf(message),
          message: { text: message.message },
          locations: [location(cwd, result.filePath, message)],
          ...(suppressions === undefined ? {} : { suppressions }),
        },
      ];
    });
  });

  const notifications = results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId === null)
      .map((message) => ({
        level: levelOf(message),
        message: { text: message.message },
        locations: [location(cwd, result.filePath, message)],
      })),
  );

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules: driverRules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd + path.sep).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
