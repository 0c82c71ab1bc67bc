import type rule from '../../../rules/require-idempotency-key.js';
import type { CasesFor } from '../../rule-tester.js';

const poolSetup = `import { Pool } from 'pg';
const pool = new Pool();
`;
// An activity-log helper as dub writes it: the insert's failure is only logged, and nothing is returned.
const trackActivity = `async function trackActivity(workspaceId: string, action: string) {
  try {
    await pool.query('INSERT INTO activity_log (workspace_id, action) VALUES ($1, $2)', [workspaceId, action]);
  } catch (error) {
    console.error('activity log not written', error);
  }
}
`;
const archiveAction = (call: string) => `'use server';
${poolSetup}import { waitUntil } from '@vercel/functions';
${trackActivity}export async function archivePartner(workspaceId: string, partnerId: string) {
  await pool.query("UPDATE enrollments SET status = 'archived' WHERE partner_id = $1", [partnerId]);
  ${call}
}`;
const missing = (effect: string, line: number, column: number) => ({
  messageId: 'missingKeyProcedure' as const,
  data: { handler: 'Server Action `archivePartner`', effect },
  line,
  column,
  suggestions: [],
});

/** Records written best-effort after the response (`waitUntil`), and other effects that are no request's effect. */
export const bestEffortRecordCases: CasesFor<typeof rule> = {
  valid: [
    // After the response, a helper that swallows the insert's failure and returns nothing: a repeat adds a log line.
    archiveAction(`waitUntil(trackActivity(workspaceId, 'partner.archived'));`),
    // Next.js's \`after\`, and inside \`Promise.allSettled\` within it.
    archiveAction(`after(async () => { await Promise.allSettled([trackActivity(workspaceId, 'partner.archived')]); });`).replace(
      "import { waitUntil } from '@vercel/functions';",
      "import { after } from 'next/server';",
    ),
  ],
  invalid: [
    {
      // Awaited in the action itself: its effect, whatever the helper does with a failure.
      code: archiveAction(`await trackActivity(workspaceId, 'partner.archived');`),
      errors: [missing('calls `trackActivity`, which creates `activity_log` (pg `query`)', 14, 9)],
    },
    {
      // \`waitUntil\` of the application's own module: not known to run after the response.
      code: archiveAction(`waitUntil(trackActivity(workspaceId, 'partner.archived'));`).replace("'@vercel/functions'", "'./background'"),
      errors: [missing('calls `trackActivity`, which creates `activity_log` (pg `query`)', 14, 13)],
    },
    {
      // The helper rethrows: the insert is not best-effort.
      code: archiveAction(`waitUntil(trackActivity(workspaceId, 'partner.archived'));`).replace(
        "console.error('activity log not written', error);",
        'throw error;',
      ),
      errors: [missing('calls `trackActivity`, which creates `activity_log` (pg `query`)', 14, 13)],
    },
    {
      // The helper returns what it wrote: someone reads the row.
      code: archiveAction(`waitUntil(trackActivity(workspaceId, 'partner.archived'));`)
        .replace('    await pool.query(', '    return await pool.query('),
      errors: [missing('calls `trackActivity`, which creates `activity_log` (pg `query`)', 14, 13)],
    },
    {
      // No \`try\`: a plain insert in the background is still repeated with the request.
      code: `'use server';
${poolSetup}import { waitUntil } from '@vercel/functions';
async function notifyPartner(partnerId: string) {
  await pool.query('INSERT INTO notifications (partner_id) VALUES ($1)', [partnerId]);
}
export async function archivePartner(workspaceId: string, partnerId: string) {
  waitUntil(notifyPartner(partnerId));
}`,
      errors: [missing('calls `notifyPartner`, which creates `notifications` (pg `query`)', 9, 13)],
    },
  ],
};

/** A session or token made by a helper is fresh by design, as one made in the handler is. */
export const freshModelHelperCases: CasesFor<typeof rule> = {
  valid: [
    `'use server';
${poolSetup}async function sendTokens(userId: string) {
  await pool.query('INSERT INTO email_verification_tokens (user_id, token) VALUES ($1, $2)', [userId, 'x']);
}
export async function mergeAccounts(userId: string) {
  return sendTokens(userId);
}`,
  ],
  invalid: [
    {
      // The helper's first effect is a token, its second is not.
      code: `'use server';
${poolSetup}async function sendTokens(userId: string) {
  await pool.query('INSERT INTO email_verification_tokens (user_id, token) VALUES ($1, $2)', [userId, 'x']);
  await pool.query('INSERT INTO merge_requests (user_id) VALUES ($1)', [userId]);
}
export async function mergeAccounts(userId: string) {
  return sendTokens(userId);
}`,
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `mergeAccounts`', effect: 'calls `sendTokens`, which creates `merge_requests` (pg `query`)' },
          line: 9,
          column: 10,
          suggestions: [],
        },
      ],
    },
  ],
};

/** An `idempotencyKey` column written in a row's `data` is not a key sent with a request. */
export const keyColumnCases: CasesFor<typeof rule> = {
  valid: [
    // An expired key retired: the column gets a filler, the old key is kept aside (trigger.dev's waitpoints).
    `import { nanoid } from 'nanoid';
declare const db: { waitpoint: { update(args: object): Promise<unknown> } };
export async function retireKey(id: string, key: string) {
  await db.waitpoint.update({ where: { id }, data: { idempotencyKey: nanoid(24), inactiveIdempotencyKey: key } });
}`,
  ],
  invalid: [
    {
      // The same value as a request's option: a retry sends a new key.
      code: `import { nanoid } from 'nanoid';
declare const queue: { add(name: string, data: object, options: object): Promise<unknown> };
export async function enqueue(id: string) {
  await queue.add('retire', { data: { id } }, { idempotencyKey: nanoid(24) });
}`,
      errors: [{ messageId: 'freshKey', data: { effect: '`queue.add`', source: 'nanoid(24)' }, line: 4, column: 65, suggestions: [] }],
    },
  ],
};

const runQuery = `async function runQuery(options: { sql: string; history?: { userId: string } }) {
  const { sql, history } = options;
  const result = await pool.query('SELECT 1');
  if (history && sql !== '') {
    await pool.query('INSERT INTO query_history (user_id, sql) VALUES ($1, $2)', [history.userId, sql]);
  }
  return result.rows;
}
`;
const previewAction = (call: string) => `'use server';
${poolSetup}${runQuery}export async function previewQuery(sql: string, userId: string) {
  return ${call};
}`;

/** A helper's effect behind an option the call does not pass (an object literal without it). */
export const optionNotPassedCases: CasesFor<typeof rule> = {
  valid: [
    previewAction('runQuery({ sql })'),
    // The option destructured in the parameter itself.
    previewAction('runQuery({ sql })').replace(
      "async function runQuery(options: { sql: string; history?: { userId: string } }) {\n  const { sql, history } = options;",
      'async function runQuery({ sql, history }: { sql: string; history?: { userId: string } }) {',
    ),
  ],
  invalid: [
    {
      code: previewAction('runQuery({ sql, history: { userId } })'),
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `previewQuery`', effect: 'calls `runQuery`, which creates `query_history` (pg `query`)' },
          line: 13,
          column: 10,
          suggestions: [],
        },
      ],
    },
    {
      // A spread may carry the option.
      code: previewAction('runQuery({ ...options, sql })').replace('(sql: string, userId: string)', '(sql: string, options: { history?: { userId: string } })'),
      errors: [
        {
          messageId: 'missingKeyProcedure',
          data: { handler: 'Server Action `previewQuery`', effect: 'calls `runQuery`, which creates `query_history` (pg `query`)' },
          line: 13,
          column: 10,
          suggestions: [],
        },
      ],
    },
  ],
};
