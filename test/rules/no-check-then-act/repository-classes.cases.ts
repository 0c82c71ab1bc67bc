import path from 'node:path';
import type rule from '../../../rules/no-check-then-act.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// NestJS use cases calling the application's own repository classes (fixtures/typed/app-repositories/dal):
// `MemberRepository extends BaseRepository<Member>`, whose methods wrap an injected Mongoose `Model`, imported
// through a barrel. The field's declared class is followed to its module and read, with or without types.
const service = path.join(typedFixtures, 'app-repositories', 'services', 'members.service.ts');

const createOnce = 'Create directly and catch the duplicate-key error (`E11000`), or `findOneAndUpdate(filter, { $setOnInsert }, { upsert: true })`';

const catchDuplicate = (indent: string, create: string, conflict: string): string =>
  `${indent}try {
${indent}  ${create}
${indent}} catch (error) {
${indent}  if (typeof error === 'object' && error !== null && 'code' in error && error.code === 11000) throw new Error('${conflict}');
${indent}  throw error;
${indent}}`;

export const repositoryClassCases: CasesFor<typeof rule> = {
  valid: [
    {
      // A class of the application with the ORM's method names that holds no model: an in-memory store.
      code: `import { MemberCache } from '../dal/index.js';
export class InviteMember {
  constructor(private members: MemberCache) {}
  async execute(email: string) {
    const existing = await this.members.findOne({ email });
    if (existing) throw new Error('already invited');
    await this.members.create({ email });
  }
}`,
      filename: service,
    },
    {
      // Two repositories: the check and the create are of different models.
      code: `import { InviteRepository, MemberRepository } from '../dal/index.js';
export class AcceptInvite {
  constructor(private members: MemberRepository, private invites: InviteRepository) {}
  async execute(organizationId: string, email: string) {
    const member = await this.members.findOne({ organizationId, email });
    if (member) throw new Error('already a member');
    await this.invites.create({ organizationId, email });
  }
}`,
      filename: service,
    },
    {
      // The repository's `upsert` wraps `findOneAndUpdate(…, { upsert: true })`: one atomic statement.
      code: `import { MemberRepository } from '../dal/index.js';
export class EnsureMember {
  constructor(private members: MemberRepository) {}
  async execute(organizationId: string, email: string) {
    const existing = await this.members.findOne({ organizationId, email });
    if (existing) return existing;
    return this.members.upsert({ organizationId, email }, { organizationId, email, seats: 1 });
  }
}`,
      filename: service,
    },
  ],
  invalid: [
    {
      // `findOne` and `create` inherited from the base repository: `create` builds and saves a document.
      code: `import { MemberRepository } from '../dal/index.js';
export class InviteMember {
  constructor(private members: MemberRepository) {}
  async execute(organizationId: string, email: string) {
    const existing = await this.members.findOne({ organizationId, email });
    if (existing) throw new Error('already invited');
    await this.members.create({ organizationId, email, seats: 1 });
  }
}`,
      filename: service,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`Member` ({ organizationId, email })', act: 'create', note: '', alternative: createOnce },
          line: 5,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `import { MemberRepository } from '../dal/index.js';
export class InviteMember {
  constructor(private members: MemberRepository) {}
  async execute(organizationId: string, email: string) {
${catchDuplicate('    ', 'await this.members.create({ organizationId, email, seats: 1 });', 'already invited')}
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // The base repository's `count` wraps `countDocuments`: a check of the same model.
      code: `import { MemberRepository } from '../dal/index.js';
export class FirstMember {
  constructor(private readonly members: MemberRepository) {}
  async execute(organizationId: string, email: string) {
    const count = await this.members.count({ organizationId });
    if (count > 0) throw new Error('the organization already has an owner');
    return this.members.create({ organizationId, email, seats: 1 });
  }
}`,
      filename: service,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'count', resource: '`Member` ({ organizationId })', act: 'create', note: '', alternative: createOnce },
          line: 5,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `import { MemberRepository } from '../dal/index.js';
export class FirstMember {
  constructor(private readonly members: MemberRepository) {}
  async execute(organizationId: string, email: string) {
${catchDuplicate('    ', 'return await this.members.create({ organizationId, email, seats: 1 });', 'the organization already has an owner')}
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};
