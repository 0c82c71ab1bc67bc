import type rule from '../../../rules/no-check-then-act.js';
import type { CasesFor } from '../../rule-tester.js';

// Services whose database client is injected by a framework (NestJS): the field is declared with the library's
// own class (`Repository<User>` from typeorm, `Model<UserDocument>` from mongoose), or an application class
// extending it, and no value is made in the file. Without types, the declaration is the evidence.

const userEntity = `class User { id!: string; email!: string; count!: number; }`;
const typeormData = {
  check: 'findOne',
  resource: '`User` ({ email })',
  act: 'save',
  note: '',
  alternative: 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`',
};

export const injectedCases: CasesFor<typeof rule> = {
  valid: [
    {
      // An application class with find/save methods that extends nothing: an in-memory store, no database.
      code: `${userEntity}
class UserCache {
  private rows = new Map<string, User>();
  async findOne(query: { where: { email: string } }) { return this.rows.get(query.where.email) ?? null; }
  async save(user: User) { this.rows.set(user.email, user); return user; }
}
export class UserService {
  constructor(private readonly users: UserCache) {}
  async register(email: string) {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) throw new Error('taken');
    return this.users.save({ email } as User);
  }
}`,
    },
    {
      // The check and the create are of different models (two repositories).
      code: `import { Repository } from 'typeorm';
${userEntity}
class Invite { id!: string; email!: string; }
export class UserService {
  constructor(private readonly users: Repository<User>, private readonly invites: Repository<Invite>) {}
  async register(email: string) {
    const existing = await this.users.findOne({ where: { email } });
    if (!existing) throw new Error('unknown');
    return this.invites.save(this.invites.create({ email }));
  }
}`,
    },
    {
      // The application's repository overrides `save` with an upsert: its own code runs, not TypeORM's save.
      code: `import { Repository } from 'typeorm';
${userEntity}
class UserRepository extends Repository<User> {
  async save(user: User) { await this.upsert(user, ['email']); return user; }
}
export class UserService {
  constructor(private readonly users: UserRepository) {}
  async register(email: string) {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) throw new Error('taken');
    return this.users.save(this.users.create({ email }));
  }
}`,
    },
  ],
  invalid: [
    {
      // `@InjectRepository(User) private readonly users: Repository<User>`, the decorator left out.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class UserService {
  constructor(private readonly users: Repository<User>) {}
  async register(email: string) {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) throw new Error('taken');
    return this.users.save(this.users.create({ email }));
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: typeormData, line: 6, column: 28 }],
    },
    {
      // An application repository extending TypeORM's serves its type argument's model.
      code: `import { Repository } from 'typeorm';
${userEntity}
class UserRepository extends Repository<User> {}
export class UserService {
  constructor(private readonly users: UserRepository) {}
  async register(email: string) {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) throw new Error('taken');
    return this.users.save(this.users.create({ email }));
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data: typeormData, line: 7, column: 28 }],
    },
    {
      // `@InjectModel(User.name) private userModel: Model<UserDocument>`.
      code: `import { Model } from 'mongoose';
interface UserDocument { email: string; }
export class UserService {
  constructor(private readonly userModel: Model<UserDocument>) {}
  async register(email: string) {
    const existing = await this.userModel.findOne({ email });
    if (existing) throw new Error('taken');
    return this.userModel.create({ email });
  }
}`,
      errors: [
        {
          messageId: 'databaseCheckThenCreate',
          data: { check: 'findOne', resource: '`UserDocument` ({ email })', act: 'create', note: '', alternative: 'Create directly and catch the duplicate-key error (`E11000`), or `findOneAndUpdate(filter, { $setOnInsert }, { upsert: true })`' },
          line: 6,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestCreateAndCatch',
              output: `import { Model } from 'mongoose';
interface UserDocument { email: string; }
export class UserService {
  constructor(private readonly userModel: Model<UserDocument>) {}
  async register(email: string) {
    try {
      return await this.userModel.create({ email });
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 11000) throw new Error('taken');
      throw error;
    }
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};
