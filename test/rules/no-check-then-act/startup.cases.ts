import type rule from '../../../rules/no-check-then-act.js';
import type { CasesFor } from '../../rule-tester.js';

// Start-up code: a NestJS lifecycle hook runs once, while the process starts and before it serves, and so do
// the methods of its class that only the hook calls. A check and an act there have no second caller.

const userEntity = `class User { id!: string; email!: string; }`;
const seedAdmin = `const existing = await this.users.findOne({ where: { email } });
    if (existing) return;
    await this.users.save(this.users.create({ email }));`;
const data = {
  check: 'findOne',
  resource: '`User` ({ email })',
  act: 'save',
  note: '',
  alternative: 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`',
};

export const startupCases: CasesFor<typeof rule> = {
  valid: [
    {
      // The hook itself.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>) {}
  async onModuleInit() {
    const email = process.env.ADMIN_EMAIL ?? 'admin@example.com';
    ${seedAdmin}
  }
}`,
    },
    {
      // A private method only the hook calls, inside an awaited transaction callback, through another private method.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>, private readonly db: { transaction<T>(work: () => Promise<T>): Promise<T> }) {}
  async onApplicationBootstrap() {
    await this.prepare(process.env.ADMIN_EMAIL ?? 'admin@example.com');
  }
  private async prepare(email: string) {
    await this.db.transaction(async () => this.seed(email));
  }
  private async seed(email: string) {
    ${seedAdmin}
  }
}`,
    },
    {
      // A lazily created client set up in the hook: nothing else runs before it returns.
      code: `export class SearchService {
  private client: { close(): void } | undefined;
  async onModuleInit() {
    if (!this.client) this.client = await connect();
  }
}
declare function connect(): Promise<{ close(): void }>;`,
    },
  ],
  invalid: [
    {
      // The same method is also called by a request handler.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>) {}
  async onModuleInit() {
    await this.seed(process.env.ADMIN_EMAIL ?? 'admin@example.com');
  }
  async handle(email: string) {
    await this.seed(email);
  }
  private async seed(email: string) {
    ${seedAdmin}
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data, line: 12, column: 28 }],
    },
    {
      // A public method: another service may call it (its name appears in other files of this project).
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>) {}
  async onModuleInit() {
    await this.seed(process.env.ADMIN_EMAIL ?? 'admin@example.com');
  }
  async seed(email: string) {
    ${seedAdmin}
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data, line: 9, column: 28 }],
    },
    {
      // A timer the hook starts runs later, again and again, while the service serves.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>) {}
  async onModuleInit() {
    setInterval(async () => {
      const email = process.env.ADMIN_EMAIL ?? 'admin@example.com';
      ${seedAdmin}
    }, 60_000);
  }
}`,
      errors: [{ messageId: 'databaseCheckThenCreate', data, line: 8, column: 30 }],
    },
    {
      // \`scripts: 'report'\` reports start-up code too.
      code: `import { Repository } from 'typeorm';
${userEntity}
export class AdminSeeder {
  constructor(private readonly users: Repository<User>) {}
  async onModuleInit() {
    const email = process.env.ADMIN_EMAIL ?? 'admin@example.com';
    ${seedAdmin}
  }
}`,
      options: [{ scripts: 'report' }],
      errors: [{ messageId: 'databaseCheckThenCreate', data, line: 7, column: 28 }],
    },
  ],
};
