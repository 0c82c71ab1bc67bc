import type rule from '../../../rules/no-read-modify-write.js';
import type { CasesFor } from '../../rule-tester.js';

// Services whose database client is injected by a framework (NestJS): the field is declared with the library's
// own class (`Repository<User>` from typeorm, `Model<Wallet>` from mongoose) and no value is made in the file.

const userService = (body: string, imports = `import { Repository } from 'typeorm';`) => `${imports}
class User { id!: string; email!: string; count!: number; }
export class UserService {
  constructor(private readonly users: Repository<User>) {}
  async bump(id: string) {
${body}
  }
}`;

export const injectedCases: CasesFor<typeof rule> = {
  valid: [
    // The repository's atomic update: the database adds.
    userService(`    await this.users.increment({ id }, 'count', 1);`),
    {
      // A class named Repository of the application's own module, not TypeORM's: a store with find/update.
      code: userService(
        `    const user = await this.users.findOneBy({ id });
    if (!user) return;
    await this.users.update({ id }, { count: user.count + 1 });`,
        `import { Repository } from './in-memory-store.js';`,
      ),
    },
  ],
  invalid: [
    {
      code: userService(`    const user = await this.users.findOneBy({ id });
    if (!user) return;
    await this.users.update({ id }, { count: user.count + 1 });`),
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          data: {
            write: 'update',
            field: 'count',
            resource: '`User` ({ id })',
            read: 'findOneBy',
            note: '',
            alternative: "Use `repository.increment(where, column, n)` / `decrement(...)`, or read with `lock: { mode: 'pessimistic_write' }` in the transaction",
          },
          line: 8,
          column: 46,
        },
      ],
    },
    {
      // `@InjectModel(Wallet.name) private readonly wallets: Model<Wallet>`, the decorator left out.
      code: `import { Model } from 'mongoose';
interface Wallet { owner: string; balance: number; }
export class WalletService {
  constructor(private readonly wallets: Model<Wallet>) {}
  async pay(owner: string, amount: number) {
    const wallet = await this.wallets.findOne({ owner });
    if (!wallet) return;
    await this.wallets.updateOne({ owner }, { $set: { balance: wallet.balance - amount } });
  }
}`,
      output: `import { Model } from 'mongoose';
interface Wallet { owner: string; balance: number; }
export class WalletService {
  constructor(private readonly wallets: Model<Wallet>) {}
  async pay(owner: string, amount: number) {
    const wallet = await this.wallets.findOne({ owner });
    if (!wallet) return;
    await this.wallets.updateOne({ owner }, { $inc: { balance: -amount } });
  }
}`,
      errors: [
        {
          messageId: 'databaseReadModifyWrite',
          data: {
            write: 'updateOne',
            field: 'balance',
            resource: '`Wallet` ({ owner })',
            read: 'findOne',
            note: '',
            alternative: 'Use `$inc` (on a document: `doc.$inc(path, n)` before `save()`)',
          },
          line: 8,
          column: 64,
        },
      ],
    },
  ],
};
