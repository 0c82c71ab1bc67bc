import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Check-then-act on databases as real applications write it (issue 23): the code of each case is linted as a
// file of a small app (fixtures/typed/app-helpers) whose client is made in lib/prisma.ts, whose query helpers
// live in lib/users.ts, and whose CommonJS Mongoose models are re-exported by models/index.js.
const route = path.join(typedFixtures, 'app-helpers', 'routes', 'handler.ts');
/** Plain JavaScript with `require` (not in the fixtures' tsconfig). */
const service = path.join(typedFixtures, 'app-helpers', 'services', 'user.service.js');

export const appHelperCases: CasesFor<typeof rule> = {
  valid: [
    {
      // A Prisma `equals` filter on the email, but the create writes another address.
      code: `import { prisma } from '../lib/prisma.js';
export async function invite(email: string, fallback: string) {
  const invited = await prisma.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
  if (invited) return invited;
  return prisma.user.create({ data: { email: fallback } });
}`,
      filename: route,
    },
    {
      // `not` is no equality: the check looks for other rows than the one created.
      code: `import { prisma } from '../lib/prisma.js';
export async function invite(email: string) {
  const other = await prisma.user.findFirst({ where: { email: { not: email } } });
  if (other) return other;
  return prisma.user.create({ data: { email } });
}`,
      filename: route,
    },
    {
      // A destructured name is its path only while it is not reassigned.
      code: `import { prisma } from '../lib/prisma.js';
export async function post(session: { user: { id: string } }, other: { id: string }) {
  let { user } = session;
  user = other;
  const count = await prisma.order.count({ where: { userId: user.id } });
  if (count >= 3) throw new Error('limit');
  await prisma.order.create({ data: { userId: session.user.id, productId: 'p', quantity: 1 } });
}`,
      filename: route,
    },
    {
      // The object created is not the one whose field was checked.
      code: `import { prisma } from '../lib/prisma.js';
export async function signUp(body: { email: string }, invitee: { email: string }) {
  if (await prisma.user.findFirst({ where: { email: body.email } })) throw new Error('taken');
  return prisma.user.create({ data: invitee });
}`,
      filename: route,
    },
    {
      // An imported create helper handed another value than the checked key.
      code: `import { createUserFrom, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, other: { email: string; name: string }) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return createUserFrom(other);
}`,
      filename: route,
    },
    {
      // An imported create helper of another model.
      code: `import { createOrderFor, findUserByEmail } from '../lib/users.js';
export async function order(email: string) {
  if (!(await findUserByEmail(email))) throw new Error('no such user');
  return createOrderFor(email);
}`,
      filename: route,
    },
    {
      // The helpers' create handles the unique violation at the caller: the check is only a fast path.
      code: `import { createUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  try {
    return await createUser(email, name);
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new Error('taken');
    throw error;
  }
}`,
      filename: route,
    },
    {
      // `[Op.ne]` is no equality: the check looks for exports of other formats.
      code: `import { Op } from 'sequelize';
import { Export } from '../lib/models.js';
export async function exportOther(pubId: string, format: string) {
  const existing = await Export.findOne({ where: { pubId, format: { [Op.ne]: format } } });
  if (existing) return existing;
  return Export.create({ pubId, format });
}`,
      filename: route,
    },
    {
      // A count tested against zero is an existence test, not a minimum.
      code: `import { prisma } from '../lib/prisma.js';
export async function leave(userId: string, productId: string) {
  const remaining = await prisma.order.count({ where: { userId } });
  if (remaining === 0) throw new Error('nothing to leave');
  await prisma.order.delete({ where: { userId, productId } });
}`,
      filename: route,
    },
    {
      // The delete removes from another group than the one counted.
      code: `import { prisma } from '../lib/prisma.js';
export async function leave(userId: string, other: string) {
  const remaining = await prisma.order.count({ where: { userId } });
  if (remaining <= 1) throw new Error('the last order stays');
  await prisma.order.delete({ where: { userId: other, productId: 'p' } });
}`,
      filename: route,
    },
    {
      // A count that pins the row itself (the user's own order of the product) tests its existence; the delete
      // names no other member of a group.
      code: `import { prisma } from '../lib/prisma.js';
export async function leave(userId: string, productId: string, id: string) {
  const mine = await prisma.order.count({ where: { userId, productId } });
  if (mine === 1) throw new Error('keep it');
  await prisma.order.delete({ where: { id, userId, productId } });
}`,
      filename: route,
    },
    {
      // Every order of the user removed at once: no minimum kept.
      code: `import { prisma } from '../lib/prisma.js';
export async function clear(userId: string, items: unknown[]) {
  const stored = await prisma.order.count({ where: { userId } });
  if (items.length < stored) await prisma.order.deleteMany({ where: { userId } });
}`,
      filename: route,
    },
    {
      // Count and delete in one Serializable transaction.
      code: `import { prisma } from '../lib/prisma.js';
export async function leave(userId: string, productId: string) {
  await prisma.$transaction(async (tx) => {
    const remaining = await tx.order.count({ where: { userId } });
    if (remaining <= 1) throw new Error('the last order stays');
    await tx.order.delete({ where: { userId, productId } });
  }, { isolationLevel: 'Serializable' });
}`,
      filename: route,
    },
    {
      // In Promise.all the element tested is the other one's, not the taken-check's.
      code: `import { createUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string, load: () => Promise<unknown>) {
  const tasks = await Promise.all([name && findUserByEmail(email), load()]);
  if (tasks[1]) throw new Error('loaded');
  return createUser(email, name);
}`,
      filename: route,
    },
    {
      // A save helper handed another email than the checked one.
      code: `import { findUserByEmail, saveUser } from '../lib/users.js';
export async function signUp(email: string, other: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return saveUser(other, name);
}`,
      filename: route,
    },
    {
      // A save helper that handles its create's failure itself (a claim that yields to a concurrent create).
      code: `import { claimUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return claimUser(email, name);
}`,
      filename: route,
    },
    {
      // Writes of two models are no save of one row.
      code: `import { createUserAndOrder, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return createUserAndOrder(email, name, 'o');
}`,
      filename: route,
    },
  ],
  invalid: [
    {
      // The taken-check through a query helper, run only when a name is given, inside Promise.all and read by index.
      code: `import { createUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string, load: () => Promise<unknown>) {
  const tasks = await Promise.all([load(), name && findUserByEmail(email)]);
  if (tasks[1]) throw new Error('Email already in use.');
  return createUser(email, name);
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findUserByEmail', resource: '`user` (email)', act: 'createUser', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 52,
          suggestions: [],
        },
      ],
    },
    {
      // A save helper (update the given user, else create one) creates on one of its paths.
      code: `import { findUserByEmail, saveUser } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return saveUser(email, name);
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findUserByEmail', resource: '`user` (email)', act: 'saveUser', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 13,
          suggestions: [
            { messageId: 'suggestCreateAndCatch', output: `import { findUserByEmail, saveUser } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  try {
    return await saveUser(email, name);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` },
          ],
        },
      ],
    },
    {
      // Prisma's `equals` (case-insensitive here) names the same key as the plain value.
      code: `import { prisma } from '../lib/prisma.js';
export async function invite(email: string) {
  const invited = await prisma.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } });
  if (invited != null) return null;
  return prisma.user.create({ data: { email } });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findFirst', resource: '`user` ({ email: { equals: email, mode: \'inse...)', act: 'create', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 25,
          suggestions: [
            { messageId: 'suggestCreateAndCatch', output: `import { prisma } from '../lib/prisma.js';
export async function invite(email: string) {
  try {
    return await prisma.user.create({ data: { email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') return null;
    throw error;
  }
}` },
          ],
        },
      ],
    },
    {
      // `const { user } = session`: `user.id` is the `session.user.id` the create writes.
      code: `import { prisma } from '../lib/prisma.js';
export async function post(session: { user: { id: string } }) {
  const { user } = session;
  const count = await prisma.order.count({ where: { userId: user.id } });
  if (count >= 3) throw new Error('limit');
  await prisma.order.create({ data: { userId: session.user.id, productId: 'p', quantity: 1 } });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseQuotaCheck',
          data: { check: 'count', resource: '`order` ({ userId: user.id })', act: 'create', note: '' },
          line: 4,
          column: 23,
        },
      ],
    },
    {
      // The read runs in one branch of a conditional; the variable still holds its result.
      code: `import { prisma } from '../lib/prisma.js';
export async function channel(options: { email: string; deduplicate: boolean }) {
  const existing = options.deduplicate ? await prisma.user.findFirst({ where: { email: options.email } }) : undefined;
  if (existing) return existing;
  return prisma.user.create({ data: { email: options.email } });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findFirst', resource: '`user` ({ email: options.email })', act: 'create', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 48,
          suggestions: [],
        },
      ],
    },
    {
      // The create writes the very object whose field was checked.
      code: `import { prisma } from '../lib/prisma.js';
export async function signUp(body: { email: string }) {
  if (await prisma.user.findFirst({ where: { email: body.email } })) throw new Error('taken');
  return prisma.user.create({ data: body });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findFirst', resource: '`user` ({ email: body.email })', act: 'create', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 13,
          suggestions: [
            { messageId: 'suggestCreateAndCatch', output: `import { prisma } from '../lib/prisma.js';
export async function signUp(body: { email: string }) {
  try {
    return await prisma.user.create({ data: body });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` },
          ],
        },
      ],
    },
    {
      // Both halves in query helpers of another module, followed one call deep (without types: read in that module).
      code: `import { createUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  if (await findUserByEmail(email)) throw new Error('taken');
  return createUser(email, name);
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findUserByEmail', resource: '`user` (email)', act: 'createUser', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 13,
          suggestions: [
            { messageId: 'suggestCreateAndCatch', output: `import { createUser, findUserByEmail } from '../lib/users.js';
export async function signUp(email: string, name: string) {
  try {
    return await createUser(email, name);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` },
          ],
        },
      ],
    },
    {
      // Get-or-create through helpers: the create helper is handed the object whose field was checked.
      code: `import { createUserFrom, findUserByEmail } from '../lib/users.js';
export async function ensure(input: { email: string; name: string }) {
  let user = await findUserByEmail(input.email);
  if (!user) user = await createUserFrom(input);
  return user;
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findUserByEmail', resource: '`user` (input.email)', act: 'createUserFrom', note: '', alternative: 'Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)' },
          line: 3,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // Sequelize's `[Op.eq]` names the same key as the plain value.
      code: `import { Op } from 'sequelize';
import { Export } from '../lib/models.js';
export async function exportPub(pubId: string, format: string) {
  const existing = await Export.findOne({ where: { pubId, format: { [Op.eq]: format } } });
  if (existing) return existing;
  return Export.create({ pubId, format });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`Export` ({ pubId, format: { [Op.eq]: format } })', act: 'create', note: '', alternative: 'Create directly and catch `UniqueConstraintError`' },
          line: 4,
          column: 26,
          suggestions: [],
        },
      ],
    },
    {
      // The last one removed twice: a count of the group compared with a minimum decides a delete from it.
      code: `import { prisma } from '../lib/prisma.js';
export async function leave(userId: string, productId: string) {
  const open = await prisma.order.count({ where: { userId, status: 'open' } });
  if (open <= 1) throw new Error('the last open order stays');
  await prisma.order.delete({ where: { userId, productId } });
}`,
      filename: route,
      errors: [
        {
          messageId: 'databaseMinimumCheck',
          data: { check: 'count', resource: "`order` ({ userId, status: 'open' })", act: 'delete', note: '' },
          line: 3,
          column: 22,
        },
      ],
    },
  ],
  // CommonJS is linted without a project (as fixtures/typed/app-clients/routes/legacy.js).
  untypedInvalid: [
    {
      // The model comes from a models index that re-exports `require('./user.model')`.
      code: `const { User } = require('../models');
async function createUser(userBody) {
  if (await User.findOne({ email: userBody.email })) {
    throw new Error('Email already taken');
  }
  return User.create(userBody);
}
module.exports = { createUser };`,
      filename: service,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`User` ({ email: userBody.email })', act: 'create', note: '', alternative: 'Create directly and catch the duplicate-key error (`E11000`), or `findOneAndUpdate(filter, { $setOnInsert }, { upsert: true })`' },
          line: 3,
          column: 13,
          suggestions: [
            { messageId: 'suggestCreateAndCatch', output: `const { User } = require('../models');
async function createUser(userBody) {
  try {
    return await User.create(userBody);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 11000) {
      throw new Error('Email already taken');
    }
    throw error;
  }
}
module.exports = { createUser };` },
          ],
        },
      ],
    },
  ],
};
