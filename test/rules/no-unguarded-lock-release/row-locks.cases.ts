import type rule from '../../../rules/no-unguarded-lock-release.js';
import type { CasesFor } from '../../rule-tester.js';

// A row lock kept in a column: taken by a write that sets it only where it is null (or stale), freed by setting it
// to null. The release must name the lock it took, not just the row.

const typeorm = `import { DataSource, IsNull } from 'typeorm';
declare class Task { id: string; lockedAt: Date | null; lockedBy: string | null }
declare function work(): Promise<void>;
const dataSource = new DataSource({ type: 'postgres' });
`;

/** The acquire of vendure's scheduler shape: an atomic UPDATE ... WHERE lockedAt IS NULL through the query builder. */
const builderAcquire = `async function tryLock(id: string) {
  const result = await dataSource.getRepository(Task).createQueryBuilder('task')
    .update()
    .set({ lockedAt: new Date() })
    .where('id = :id', { id })
    .andWhere('lockedAt IS NULL')
    .execute();
  return !!result.affected;
}
`;

const prisma = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
declare function work(): Promise<void>;
`;

const pg = `import { Pool } from 'pg';
const pool = new Pool();
declare function work(): Promise<void>;
`;

export const rowLockCases: CasesFor<typeof rule> = {
  valid: [
    // The release compares the value this run set: a lock taken over since stays.
    `${typeorm}${builderAcquire}export async function run(id: string, acquiredAt: Date) {
  if (!(await tryLock(id))) return;
  try {
    await work();
  } finally {
    await dataSource.getRepository(Task).update({ id, lockedAt: acquiredAt }, { lockedAt: null });
  }
}`,
    // The release compares the owner column the acquire set.
    `${prisma}export async function run(id: string, workerId: string, staleBefore: Date) {
  const { count } = await prisma.job.updateMany({
    where: { id, OR: [{ lockedAt: null }, { lockedAt: { lt: staleBefore } }] },
    data: { lockedAt: new Date(), lockedBy: workerId },
  });
  if (count === 0) return;
  try {
    await work();
  } finally {
    await prisma.job.updateMany({ where: { id, lockedBy: workerId }, data: { lockedAt: null, lockedBy: null } });
  }
}`,
    // SQL release with the lock's value in its WHERE.
    `${pg}export async function run(id: number) {
  const { rows } = await pool.query('UPDATE jobs SET locked_at = now() WHERE id = $1 AND locked_at IS NULL RETURNING locked_at', [id]);
  if (rows.length === 0) return;
  try {
    await work();
  } finally {
    await pool.query('UPDATE jobs SET locked_at = NULL WHERE id = $1 AND locked_at = $2', [id, rows[0].locked_at]);
  }
}`,
    // A column set to null with no acquire of that shape in the file: an ordinary clearing of a field.
    `${typeorm}export async function unlock(id: string) {
  await dataSource.getRepository(Task).update({ id }, { lockedAt: null });
}`,
    // A soft delete looks the same (set where null, cleared by key); without a stale condition, only a lock column counts.
    `${typeorm}export async function remove(id: string) {
  await dataSource.getRepository(Task).update({ id, deletedAt: IsNull() }, { deletedAt: new Date() });
}
export async function restore(id: string) {
  await dataSource.getRepository(Task).update({ id }, { deletedAt: null });
}`,
    // A word of the name says lock, not a part of one: `blockedAt` records a state.
    `${pg}export async function block(id: number) {
  await pool.query('UPDATE users SET blocked_at = now() WHERE id = $1 AND blocked_at IS NULL', [id]);
}
export async function unblock(id: number) {
  await pool.query('UPDATE users SET blocked_at = NULL WHERE id = $1', [id]);
}`,
    // Released inside the transaction that took it: no one else can have the row meanwhile.
    `${typeorm}export async function run(id: string) {
  await dataSource.transaction(async (manager) => {
    const result = await manager.getRepository(Task).update({ id, lockedAt: IsNull() }, { lockedAt: new Date() });
    if (!result.affected) return;
    await work();
    await manager.getRepository(Task).update({ id }, { lockedAt: null });
  });
}`,
    // Another table's column of the same name.
    `${pg}export async function lock(id: number) {
  return pool.query('UPDATE jobs SET locked_at = now() WHERE id = $1 AND locked_at IS NULL', [id]);
}
export async function unlockUser(id: number) {
  await pool.query('UPDATE users SET locked_at = NULL WHERE id = $1', [id]);
}`,
    // Sequelize release comparing the value set.
    `import { Op } from 'sequelize';
import { Job } from './models.js';
declare function work(): Promise<void>;
export async function run(id: number, staleBefore: Date) {
  const runAt = new Date();
  const [taken] = await Job.update({ runAt }, { where: { id, runAt: { [Op.lt]: staleBefore } } });
  if (!taken) return;
  try {
    await work();
  } finally {
    await Job.update({ runAt: null }, { where: { id, runAt } });
  }
}`,
    // Criteria held in a variable may compare the lock: not read.
    `${typeorm}${builderAcquire}export async function release(criteria: { id: string; lockedAt: Date }) {
  await dataSource.getRepository(Task).update(criteria, { lockedAt: null });
}`,
  ],
  invalid: [
    // vendure's scheduler: the release after the run names the task only.
    {
      code: `${typeorm}${builderAcquire}export async function run(id: string) {
  if (!(await tryLock(id))) return;
  try {
    await work();
    await dataSource.getRepository(Task).update({ id }, { lockedAt: null });
  } catch (error) {
    await dataSource.getRepository(Task).update({ id }, { lockedAt: null });
  }
}`,
      errors: [
        { messageId: 'rowLockReleasedByKey', line: 18, column: 59 },
        { messageId: 'rowLockReleasedByKey', line: 20, column: 59 },
      ],
    },
    // Taken after a FOR UPDATE read of a free row, in a transaction; freed outside it by key.
    {
      code: `${typeorm}async function tryLock(id: string) {
  return dataSource.transaction(async (manager) => {
    const task = await manager.getRepository(Task).createQueryBuilder('task')
      .setLock('pessimistic_write')
      .where('task.id = :id', { id })
      .andWhere('task.lockedAt IS NULL')
      .getOne();
    if (!task) return false;
    await manager.getRepository(Task).update({ id: task.id }, { lockedAt: new Date() });
    return true;
  });
}
export async function run(id: string) {
  if (!(await tryLock(id))) return;
  try {
    await work();
  } finally {
    await dataSource.getRepository(Task).update({ id }, { lockedAt: null });
  }
}`,
      errors: [{ messageId: 'rowLockReleasedByKey', line: 22, column: 59 }],
    },
    // Prisma: a stale lock is taken over, so the first holder's release frees the second's.
    {
      code: `${prisma}export async function run(id: string, staleBefore: Date) {
  const { count } = await prisma.job.updateMany({
    where: { id, OR: [{ lockedAt: null }, { lockedAt: { lt: staleBefore } }] },
    data: { lockedAt: new Date() },
  });
  if (count === 0) return;
  try {
    await work();
  } finally {
    await prisma.job.update({ where: { id }, data: { lockedAt: null } });
  }
}`,
      errors: [{ messageId: 'rowLockReleasedByKey', line: 13, column: 54 }],
    },
    // Knex: `whereNull` on the acquire, the key only on the release.
    {
      code: `import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg' });
declare function work(): Promise<void>;
export async function run(id: number) {
  const taken = await knex('jobs').where({ id }).whereNull('locked_at').update({ locked_at: knex.fn.now() });
  if (!taken) return;
  try {
    await work();
  } finally {
    await knex('jobs').where({ id }).update({ locked_at: null });
  }
}`,
      errors: [{ messageId: 'rowLockReleasedByKey', line: 10, column: 47 }],
    },
    // Sequelize: values first, the filter in the options; its stale operator is a symbol key.
    {
      code: `import { Op } from 'sequelize';
import { Job } from './models.js';
declare function work(): Promise<void>;
export async function run(id: number, staleBefore: Date) {
  const [taken] = await Job.update({ runAt: new Date() }, { where: { id, runAt: { [Op.lt]: staleBefore } } });
  if (!taken) return;
  try {
    await work();
  } finally {
    await Job.update({ runAt: null }, { where: { id } });
  }
}`,
      errors: [{ messageId: 'rowLockReleasedByKey', line: 10, column: 24 }],
    },
    // SQL text, with a stale-lock takeover: the column's name does not matter then.
    {
      code: `${pg}export async function run(id: number) {
  const { rowCount } = await pool.query(
    "UPDATE jobs SET started_at = now() WHERE id = $1 AND (started_at IS NULL OR started_at < now() - interval '5 minutes')",
    [id],
  );
  if (!rowCount) return;
  try {
    await work();
  } finally {
    await pool.query('UPDATE jobs SET started_at = NULL WHERE id = $1', [id]);
  }
}`,
      errors: [{ messageId: 'rowLockReleasedByKey', line: 13, column: 22 }],
    },
  ],
};
