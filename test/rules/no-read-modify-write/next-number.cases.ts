import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// "Next number" (issue 23, labelled wild sites on pubpub and wekan): the highest number of a scope read (the
// maximum of the rows found, or the first row ordered descending), then a row of the same model created with it
// plus one. Two concurrent creators read the same highest number and insert twins.

const prismaHeader = `import { PrismaClient } from './prisma/index.js';
const prisma = new PrismaClient();
`;

const sequelizeHeader = `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
class Discussion extends Model { declare id: string; declare pubId: string; declare number: number; declare amount: number }
`;

const mongooseHeader = `import mongoose from 'mongoose';
const Card = mongoose.model('Card', new mongoose.Schema({ listId: String, title: String, sort: Number }));
`;

/** The same model with a unique index on (listId, sort): a twin sort fails. */
const uniqueSortHeader = `import mongoose from 'mongoose';
const cardSchema = new mongoose.Schema({ listId: String, title: String, sort: Number });
cardSchema.index({ listId: 1, sort: 1 }, { unique: true });
const Card = mongoose.model('Card', cardSchema);
`;

/** fixtures/typed/app-numbering/prisma/schema.prisma declares `@@unique([ownerId, version])` on Account. */
const uniqueVersionRoute = path.join(typedFixtures, 'app-numbering', 'routes', 'handler.ts');

const next = (write: string, field: string, read: string, resource: string, note = '') => ({ write, field, read, resource, note });

export const nextNumberCases: CasesFor<typeof rule> = {
  valid: [
    // The schema makes (ownerId, version) unique: the second create of the same version fails.
    {
      filename: uniqueVersionRoute,
      code: `${prismaHeader.replace('./prisma', '../../prisma')}export async function nextVersion(ownerId: string) {
  const last = await prisma.account.findFirst({ where: { ownerId }, orderBy: { version: 'desc' } });
  return prisma.account.create({ data: { ownerId, version: (last?.version ?? 0) + 1 } });
}`,
    },
    // A unique index declared with the model: Mongoose's compound index on (listId, sort).
    `${uniqueSortHeader}export async function addCard(listId: string, title: string) {
  const lastCard = await Card.findOne({ listId }, null, { sort: { sort: -1 } });
  const sort = lastCard && Number.isFinite(lastCard.sort) ? lastCard.sort + 1 : 0;
  return Card.create({ listId, title, sort });
}`,
    // Sequelize's index of the model, unique on (pubId, number).
    `${sequelizeHeader}Discussion.init({ pubId: 'TEXT', number: 'INTEGER' }, { sequelize, indexes: [{ unique: true, fields: ['pubId', 'number'] }] });
export async function open(pubId: string) {
  const rows = await Discussion.findAll({ where: { pubId } });
  return Discussion.create({ pubId, number: Math.max(0, ...rows.map((row) => row.number)) + 1 });
}`,
    // The create's conflict is handled (caught and retried by the caller).
    `${prismaHeader}export async function nextVersion(ownerId: string) {
  const last = await prisma.account.findFirst({ where: { ownerId }, orderBy: { version: 'desc' } });
  try {
    return await prisma.account.create({ data: { ownerId, version: (last?.version ?? 0) + 1 } });
  } catch (error) {
    throw new Error('retry', { cause: error });
  }
}`,
    // No order: the row found is any row, not the highest.
    `${prismaHeader}export async function copyAccount(ownerId: string) {
  const some = await prisma.account.findFirst({ where: { ownerId } });
  return prisma.account.create({ data: { ownerId, version: (some?.version ?? 0) + 1 } });
}`,
    // Ordered by another column: the newest row's version, which a create of the same version does not twin.
    `${prismaHeader}export async function nextVersion(ownerId: string) {
  const last = await prisma.account.findFirst({ where: { ownerId }, orderBy: { balance: 'desc' } });
  return prisma.account.create({ data: { ownerId, version: (last?.version ?? 0) + 1 } });
}`,
    // The highest number of one model numbers a row of another model.
    `${prismaHeader}export async function openOrder(ownerId: string, productId: string) {
  const last = await prisma.account.findFirst({ where: { ownerId }, orderBy: { version: 'desc' } });
  return prisma.order.create({ data: { userId: ownerId, productId, quantity: (last?.version ?? 0) + 1 } });
}`,
    // A sum over the rows is no maximum.
    `${sequelizeHeader}export async function open(pubId: string) {
  const rows = await Discussion.findAll({ where: { pubId } });
  const total = rows.reduce((sum, row) => sum + row.amount, 0);
  return Discussion.create({ pubId, amount: total + 1 });
}`,
    // A serializable transaction around the read and the create: the twin's transaction fails to commit.
    `${sequelizeHeader}export async function open(pubId: string) {
  return sequelize.transaction({ isolationLevel: Sequelize.Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (transaction) => {
    const rows = await Discussion.findAll({ where: { pubId }, transaction });
    const max = rows.reduce((highest, row) => (row.number > highest ? row.number : highest), 0);
    return Discussion.create({ pubId, number: max + 1 }, { transaction });
  });
}`,
  ],
  invalid: [
    {
      // The maximum of the rows found, by reduce (pubpub's discussion numbers).
      code: `${sequelizeHeader}export async function open(pubId: string) {
  const discussions = await Discussion.findAll({ where: { pubId }, attributes: ['id', 'number'] });
  const maxNumber = discussions.reduce((max, d) => (d.number > max ? d.number : max), 0);
  return Discussion.create({ pubId, number: maxNumber + 1 });
}`,
      errors: [{ messageId: 'databaseNextNumber', line: 7, column: 45, data: next('create', 'number', 'findAll', '`Discussion` ({ pubId })') }],
    },
    {
      // The first row ordered descending, with a default for no rows yet.
      code: `${prismaHeader}export async function nextVersion(ownerId: string) {
  const last = await prisma.account.findFirst({ where: { ownerId }, orderBy: { version: 'desc' } });
  return prisma.account.create({ data: { ownerId, version: (last?.version ?? 0) + 1 } });
}`,
      errors: [{ messageId: 'databaseNextNumber', line: 5, column: 60, data: next('create', 'version', 'findFirst', '`account` ({ ownerId })') }],
    },
    {
      // Mongoose sort -1, the next number chosen in a const (wekan's subtask sort).
      code: `${mongooseHeader}export async function addCard(listId: string, title: string) {
  const lastCard = await Card.findOne({ listId }, null, { sort: { sort: -1 } });
  const sort = lastCard && Number.isFinite(lastCard.sort) ? lastCard.sort + 1 : 0;
  return Card.create({ listId, title, sort });
}`,
      errors: [{ messageId: 'databaseNextNumber', line: 5, column: 61, data: next('create', 'sort', 'findOne', '`Card` ({ listId })') }],
    },
    {
      // Math.max over the rows' numbers.
      code: `${sequelizeHeader}export async function open(pubId: string) {
  const rows = await Discussion.findAll({ where: { pubId } });
  return Discussion.create({ pubId, number: Math.max(0, ...rows.map((row) => row.number)) + 1 });
}`,
      errors: [{ messageId: 'databaseNextNumber', line: 6, column: 45, data: next('create', 'number', 'findAll', '`Discussion` ({ pubId })') }],
    },
    {
      // A transaction at the default isolation level lets both read the same maximum.
      code: `${sequelizeHeader}export async function open(pubId: string) {
  return sequelize.transaction(async (transaction) => {
    const rows = await Discussion.findAll({ where: { pubId }, order: [['number', 'DESC']], limit: 1, transaction });
    return Discussion.create({ pubId, number: (rows[0]?.number ?? 0) + 1 }, { transaction });
  });
}`,
      errors: [
        {
          messageId: 'databaseNextNumber',
          line: 7,
          column: 47,
          data: next(
            'create',
            'number',
            'findAll',
            '`Discussion` ({ pubId })',
            ' The surrounding transaction runs at the default isolation level (Read Committed), which does not prevent this.',
          ),
        },
      ],
    },
  ],
};
