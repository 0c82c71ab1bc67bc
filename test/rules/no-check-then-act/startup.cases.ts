import type rule from '../../../rules/no-check-then-act.js';
import type { CasesFor } from '../../rule-tester.js';

// Start-up code: a NestJS lifecycle hook runs once, while the process starts and before it serves, and so do
// the methods of its class that only the hook calls. A check and an act there have no second caller.

const seedAdmin = `const existing = await this.users.findOne({ where: { email } });
    if (existing) return;
    await this.users.save(this.users.create({ email }));`;
const adminEmail = `process.env.ADMIN_EMAIL ?? 'admin@example.com'`;

/** A service whose `users` repository is injected; `members` are its methods. The class body starts on line 5. */
const seeder = (members: string, extraParameters = ''): string => `import { Repository } from 'typeorm';
class User { id!: string; email!: string; }
export class AdminSeeder {
  constructor(private readonly users: Repository<User>${extraParameters}) {}
${members}
}`;

const errorAt = (line: number, column = 28) => ({
  messageId: 'databaseCheckThenCreate' as const,
  line,
  column,
  data: {
    check: 'findOne',
    resource: '`User` ({ email })',
    act: 'save',
    note: '',
    alternative: 'Insert directly and catch the unique violation (`23505`, `ER_DUP_ENTRY`), or use `upsert` / `orIgnore()`',
  },
});

const inHook = seeder(`  async onModuleInit() {
    const email = ${adminEmail};
    ${seedAdmin}
  }`);

export const startupCases: CasesFor<typeof rule> = {
  valid: [
    // The hook itself.
    inHook,
    // A private method only the hook calls, inside an awaited transaction callback, through another private method.
    seeder(
      `  async onApplicationBootstrap() {
    await this.prepare(${adminEmail});
  }
  private async prepare(email: string) {
    await this.db.transaction(async () => this.seed(email));
  }
  private async seed(email: string) {
    ${seedAdmin}
  }`,
      ', private readonly db: { transaction<T>(work: () => Promise<T>): Promise<T> }',
    ),
    // A lazily created client set up in the hook: nothing else runs before it returns.
    `export class SearchService {
  private client: { close(): void } | undefined;
  async onModuleInit() {
    if (!this.client) this.client = await connect();
  }
}
declare function connect(): Promise<{ close(): void }>;`,
  ],
  invalid: [
    {
      // The same method is also called by a request handler.
      code: seeder(`  async onModuleInit() {
    await this.seed(${adminEmail});
  }
  async handle(email: string) {
    await this.seed(email);
  }
  private async seed(email: string) {
    ${seedAdmin}
  }`),
      errors: [errorAt(12)],
    },
    {
      // A public method: another service may call it (its name appears in other files of this project).
      code: seeder(`  async onModuleInit() {
    await this.seed(${adminEmail});
  }
  async seed(email: string) {
    ${seedAdmin}
  }`),
      errors: [errorAt(9)],
    },
    {
      // A timer the hook starts runs later, again and again, while the service serves.
      code: seeder(`  async onModuleInit() {
    setInterval(async () => {
      const email = ${adminEmail};
      ${seedAdmin}
    }, 60_000);
  }`),
      errors: [errorAt(8, 30)],
    },
    {
      // A private method also reached from another class of the file, through a public one.
      code: `${seeder(`  async onModuleInit() {
    await this.seedAll(${adminEmail});
  }
  async seedAll(email: string) {
    await this.seed(email);
  }
  private async seed(email: string) {
    ${seedAdmin}
  }`)}
export const onSignUp = (seeder: AdminSeeder, email: string) => seeder.seedAll(email);`,
      errors: [errorAt(12)],
    },
    // `scripts: 'report'` reports start-up code too.
    { code: inHook, options: [{ scripts: 'report' }], errors: [errorAt(7)] },
  ],
};
