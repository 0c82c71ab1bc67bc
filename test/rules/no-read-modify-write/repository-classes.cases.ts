import path from 'node:path';
import type rule from '../../../rules/no-read-modify-write.js';
import { typedFixtures, type CasesFor } from '../../rule-tester.js';

// Use cases calling the application's repository classes (fixtures/typed/app-repositories/dal), whose methods
// wrap an injected Mongoose `Model`: a custom read method (`findLatest`) is the `findOne` it makes.
const service = path.join(typedFixtures, 'app-repositories', 'services', 'members.service.ts');

export const repositoryClassCases: CasesFor<typeof rule> = {
  valid: [
    {
      // The same shape on an in-memory store of the application: no database.
      code: `import { MemberCache } from '../dal/index.js';
export class Rename {
  constructor(private members: MemberCache) {}
  async execute(email: string) {
    const member = await this.members.findOne({ email });
    if (!member) throw new Error('no member');
    await this.members.create({ email: member.email.toLowerCase() });
  }
}`,
      filename: service,
    },
  ],
  invalid: [
    {
      code: `import { MemberRepository } from '../dal/index.js';
export class AddSeat {
  constructor(private members: MemberRepository) {}
  async execute(organizationId: string) {
    const latest = await this.members.findLatest({ organizationId });
    if (!latest) throw new Error('no member');
    await this.members.update({ _id: latest._id }, { $set: { seats: latest.seats + 1 } });
  }
}`,
      filename: service,
      // The repository's `update` hands its update document to `updateMany`: `$inc` works through it.
      output: `import { MemberRepository } from '../dal/index.js';
export class AddSeat {
  constructor(private members: MemberRepository) {}
  async execute(organizationId: string) {
    const latest = await this.members.findLatest({ organizationId });
    if (!latest) throw new Error('no member');
    await this.members.update({ _id: latest._id }, { $inc: { seats: 1 } });
  }
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          data: {
            write: 'update',
            field: 'seats',
            read: 'findLatest',
            resource: '`Member` ({ organizationId })',
            note: '',
            alternative: 'Use `$inc` (on a document: `doc.$inc(path, n)` before `save()`)',
          },
          line: 7,
          column: 69,
        },
      ],
    },
  ],
};
