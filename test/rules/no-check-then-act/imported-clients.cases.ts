import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// The code of each case is linted as a file of a small app (fixtures/typed/app-clients) whose clients are made
// in its own modules: lib/prisma.ts (`globalThis` cache), lib/db.ts (default export, one hop), lib/index.ts (a
// barrel), lib/redis.ts, prisma.service.ts (a NestJS provider extending the client), lib/look-alikes.ts.
const route = path.join(typedFixtures, 'app-clients', 'routes', 'handler.ts');
const service = path.join(typedFixtures, 'app-clients', 'services', 'users.service.ts');
/** Plain JavaScript with `require`: linted without a project (not in the fixtures' tsconfig). */
const legacy = path.join(typedFixtures, 'app-clients', 'routes', 'legacy.js');

export const importedClientCases: CasesFor<typeof rule> = {
  valid: [
    {
      // An API client whose methods share Prisma's names but take other arguments.
      code: `import { api } from '../lib/look-alikes.js';
export async function invite(email: string) {
  const existing = await api.user.findFirst({ email });
  if (existing) return existing;
  return api.user.create({ email });
}`,
      filename: route,
    },
    {
      // An in-memory store shaped `store.user.findUnique(email)`: no `where` object, not a delegate.
      code: `const users = new Map<string, { email: string }>();
const store = {
  user: {
    async findUnique(email: string) { return users.get(email) ?? null; },
    async create(email: string) { users.set(email, { email }); },
  },
};
export async function signUp(email: string) {
  if (await store.user.findUnique(email)) throw new Error('taken');
  await store.user.create(email);
}`,
      filename: route,
    },
    {
      // The imported client, but the create is of another model than the check.
      code: `import { prisma } from '../lib/prisma.js';
export async function signUp(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new Error('taken');
  return prisma.account.create({ data: { ownerId: email } });
}`,
      filename: route,
    },
  ],
  invalid: [
    {
      // Imported by name from the module that constructs it (`globalThis.prisma ?? new PrismaClient()`).
      code: `import { prisma } from '../lib/prisma.js';
export async function signUp(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new Error('taken');
  return prisma.user.create({ data: { email } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findUnique", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 3,
          column: 26,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `import { prisma } from '../lib/prisma.js';
export async function signUp(email: string) {
  try {
    return await prisma.user.create({ data: { email } });
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
      // The default export of a module that re-exports the client (one hop).
      code: `import db from '../lib/db.js';
export async function signUp(email: string) {
  if (await db.user.count({ where: { email } })) throw new Error('taken');
  return db.user.create({ data: { email } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "count", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 3,
          column: 13,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `import db from '../lib/db.js';
export async function signUp(email: string) {
  try {
    return await db.user.create({ data: { email } });
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
      // Through a barrel: `export { prisma as db } from './prisma.js'`.
      // (By `name`: the fixture app's schema.prisma makes `email` unique, and a get-or-create on it is guarded.)
      code: `import { db } from '../lib/index.js';
export async function signUp(name: string) {
  const existing = await db.user.findFirst({ where: { name } });
  if (existing) return existing;
  return db.user.create({ data: { name } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findFirst", resource: "`user` ({ name })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 3,
          column: 26,
        },
      ],
    },
    {
      // Through a tsconfig `paths` alias (`@app/*`).
      code: `import { prisma } from '@app/lib/prisma.js';
export async function redeem(code: string) {
  const coupon = await prisma.coupon.findUniqueOrThrow({ where: { code } });
  if (coupon.uses >= coupon.maxUses) throw new Error('coupon exhausted');
  await prisma.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenWrite",
          data: { check: "findUniqueOrThrow", resource: "`coupon` ({ code })", field: "uses", act: "update", note: "", alternative: "Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1" },
          line: 3,
          column: 24,
        },
      ],
    },
    {
      // NestJS: injected by a parameter property whose class extends the client in another module.
      code: `import { PrismaService } from '../prisma.service.js';
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async signUp(email: string) {
    const existing = await this.prisma.user.findUnique({ where: { email } });
    if (existing) throw new Error('taken');
    return this.prisma.user.create({ data: { email } });
  }
}`,
      filename: service,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findUnique", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 5,
          column: 28,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `import { PrismaService } from '../prisma.service.js';
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async signUp(email: string) {
    try {
      return await this.prisma.user.create({ data: { email } });
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
      throw error;
    }
  }
}` },
          ],
        },
      ],
    },
    {
      // A parameter property next to other fields (a field is read by its key, not as a member).
      code: `import { PrismaService } from '../prisma.service.js';
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  private handlers: string[] = [];
  async signUp(email: string) {
    const existing = await this.prisma.user.findUnique({ where: { email } });
    if (existing) throw new Error('taken');
    return this.prisma.user.create({ data: { email } });
  }
}`,
      filename: service,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findUnique", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 6,
          column: 28,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `import { PrismaService } from '../prisma.service.js';
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  private handlers: string[] = [];
  async signUp(email: string) {
    try {
      return await this.prisma.user.create({ data: { email } });
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
      throw error;
    }
  }
}` },
          ],
        },
      ],
    },
    {
      // tRPC: `ctx.db` is `any`; the delegate's shape (read by `where`, written with `data`, same receiver) tells.
      code: `type Context = { db: any };
export async function signUp({ ctx, input }: { ctx: Context; input: { email: string } }) {
  const existing = await ctx.db.user.findFirst({ where: { email: input.email } });
  if (existing) throw new Error('taken');
  return ctx.db.user.create({ data: { email: input.email } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findFirst", resource: "`user` ({ email: input.email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 3,
          column: 26,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `type Context = { db: any };
export async function signUp({ ctx, input }: { ctx: Context; input: { email: string } }) {
  try {
    return await ctx.db.user.create({ data: { email: input.email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` },
          ],
        },
      ],
    },
  ],
  typedValid: [
    {
      // Types win: a declared interface with Prisma-like methods is not Prisma when the checker knows it.
      code: `interface Users {
  findFirst(args: { where: { email: string } }): Promise<{ id: string } | null>;
  create(args: { data: { email: string } }): Promise<{ id: string }>;
}
declare const directory: { user: Users };
export async function signUp(email: string) {
  const existing = await directory.user.findFirst({ where: { email } });
  if (existing) throw new Error('taken');
  return directory.user.create({ data: { email } });
}`,
      filename: route,
    },
  ],
  untypedInvalid: [
    {
      // A Prisma client received as a parameter: the delegate's shape (typed: database.cases.ts).
      code: `import type { PrismaClient } from '../../prisma/index.js';
export async function redeem(db: PrismaClient, code: string) {
  const coupon = await db.coupon.findUniqueOrThrow({ where: { code } });
  if (coupon.uses >= coupon.maxUses) throw new Error('coupon exhausted');
  await db.coupon.update({ where: { code }, data: { uses: { increment: 1 } } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenWrite",
          data: { check: "findUniqueOrThrow", resource: "`coupon` ({ code })", field: "uses", act: "update", note: "", alternative: "Put the condition in the write: `updateMany({ where: { ...key, <condition> }, data })` and check that `count` is 1" },
          line: 3,
          column: 24,
        },
      ],
    },
    {
      // `require` of the client module, destructured.
      code: `const { prisma } = require('../lib/prisma.js');
async function signUp(email) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new Error('taken');
  return prisma.user.create({ data: { email } });
}
module.exports = { signUp };`,
      filename: legacy,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findUnique", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 3,
          column: 26,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `const { prisma } = require('../lib/prisma.js');
async function signUp(email) {
  try {
    return await prisma.user.create({ data: { email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}
module.exports = { signUp };` },
          ],
        },
      ],
    },
    {
      // Without types nothing rules the shape out: the same code is taken for a Prisma delegate.
      code: `interface Users {
  findFirst(args: { where: { email: string } }): Promise<{ id: string } | null>;
  create(args: { data: { email: string } }): Promise<{ id: string }>;
}
declare const directory: { user: Users };
export async function signUp(email: string) {
  const existing = await directory.user.findFirst({ where: { email } });
  if (existing) throw new Error('taken');
  return directory.user.create({ data: { email } });
}`,
      filename: route,
      errors: [
        {
          messageId: "databaseCheckThenCreate",
          data: { check: "findFirst", resource: "`user` ({ email })", act: "create", note: "", alternative: "Create directly and catch the unique violation (`P2002`); `upsert` is atomic only when Prisma can run it as a database upsert (one unique field in `where`, the same value in `create`)" },
          line: 7,
          column: 26,
          suggestions: [
            { messageId: "suggestCreateAndCatch", output: `interface Users {
  findFirst(args: { where: { email: string } }): Promise<{ id: string } | null>;
  create(args: { data: { email: string } }): Promise<{ id: string }>;
}
declare const directory: { user: Users };
export async function signUp(email: string) {
  try {
    return await directory.user.create({ data: { email } });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') throw new Error('taken');
    throw error;
  }
}` },
          ],
        },
      ],
    },
  ],
};
