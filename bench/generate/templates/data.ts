import type { Domain, Field } from '../model.js';

const columnType: Record<Field['type'], string> = { string: 'varchar', number: 'integer', boolean: 'boolean', Date: 'timestamptz' };

/** The entity: a decorated class for TypeORM, a plain model type for Prisma and pg (pg rows need an index-compatible type). */
export function entityFile(domain: Domain): string {
  const { type, table, key, fields } = domain;
  const newType = `export type New${type} = Omit<${type}, 'id' | 'createdAt' | 'updatedAt'>;`;
  if (domain.store === 'typeorm') {
    return `import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: '${table}' })
export class ${type} {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar' })
  ${key}!: string;
${fields.map((f) => `\n  @Column({ type: '${columnType[f.type]}' })\n  ${f.name}!: ${f.type};\n`).join('')}
  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}

${newType}
`;
  }
  return `export type ${type} = {
  id: string;
  ${key}: string;
${fields.map((f) => `  ${f.name}: ${f.type};`).join('\n')}
  createdAt: Date;
  updatedAt: Date;
};

${newType}
`;
}

/** The repository, on the domain's store; `find-then-create` plants the lookup-then-insert race. */
export function repositoryFile(domain: Domain): string {
  const racy = domain.races.has('find-then-create');
  switch (domain.store) {
    case 'prisma':
      return prismaRepository(domain, racy);
    case 'typeorm':
      return typeormRepository(domain, racy);
    case 'pg':
      return pgRepository(domain, racy);
  }
}

const signature = (d: Domain) => `async findOrCreateBy${d.key[0]!.toUpperCase()}${d.key.slice(1)}(${d.key}: string, data: New${d.type}): Promise<${d.type}>`;

function prismaRepository(d: Domain, racy: boolean): string {
  const body = racy
    ? `    const existing = await prisma.${d.name}.findUnique({ where: { ${d.key} } });
    if (existing) return existing;
    return prisma.${d.name}.create({ data: { ...data, ${d.key} } });`
    : `    return prisma.${d.name}.upsert({ where: { ${d.key} }, create: { ...data, ${d.key} }, update: {} });`;
  return `import { prisma } from '../../db/prisma.js';
import type { ${d.type}, New${d.type} } from './${d.name}.entity.js';

export class ${d.type}Repository {
  findById(id: string): Promise<${d.type} | null> {
    return prisma.${d.name}.findUnique({ where: { id } });
  }

  list(page: number, size: number): Promise<${d.type}[]> {
    return prisma.${d.name}.findMany({ skip: page * size, take: size });
  }

  count(): Promise<number> {
    return prisma.${d.name}.count();
  }

  ${signature(d)} {
${body}
  }

  update(id: string, changes: Partial<New${d.type}>): Promise<${d.type}> {
    return prisma.${d.name}.update({ where: { id }, data: changes });
  }

  async remove(id: string): Promise<void> {
    await prisma.${d.name}.delete({ where: { id } });
  }
}
`;
}

function typeormRepository(d: Domain, racy: boolean): string {
  const body = racy
    ? `    const existing = await this.repository.findOneBy({ ${d.key} });
    if (existing) return existing;
    return this.repository.save(this.repository.create({ ...data, ${d.key} }));`
    : `    await this.repository.createQueryBuilder().insert().values({ ...data, ${d.key} }).orIgnore().execute();
    return this.repository.findOneByOrFail({ ${d.key} });`;
  return `import type { Repository } from 'typeorm';
import { dataSource } from '../../db/data-source.js';
import { ${d.type}, type New${d.type} } from './${d.name}.entity.js';

export class ${d.type}Repository {
  private readonly repository: Repository<${d.type}> = dataSource.getRepository(${d.type});

  findById(id: string): Promise<${d.type} | null> {
    return this.repository.findOneBy({ id });
  }

  list(page: number, size: number): Promise<${d.type}[]> {
    return this.repository.find({ skip: page * size, take: size, order: { createdAt: 'DESC' } });
  }

  count(): Promise<number> {
    return this.repository.count();
  }

  ${signature(d)} {
${body}
  }

  async update(id: string, changes: Partial<New${d.type}>): Promise<${d.type}> {
    await this.repository.update({ id }, changes);
    return this.repository.findOneByOrFail({ id });
  }

  async remove(id: string): Promise<void> {
    await this.repository.delete({ id });
  }
}
`;
}

function pgRepository(d: Domain, racy: boolean): string {
  const insertColumns = [d.key, ...d.fields.map((f) => f.name)];
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const placeholders = insertColumns.map((_, i) => `$${i + 1}`).join(', ');
  const values = `[${d.key}, ${d.fields.map((f) => `data.${f.name}`).join(', ')}]`;
  const insert = `INSERT INTO ${d.table} (${insertColumns.map(snake).join(', ')}) VALUES (${placeholders})`;
  const body = racy
    ? `    const existing = await pool.query<${d.type}>(\`SELECT \${COLUMNS} FROM ${d.table} WHERE ${snake(d.key)} = $1\`, [${d.key}]);
    if (existing.rows[0]) return existing.rows[0];
    const inserted = await pool.query<${d.type}>(\`${insert} RETURNING \${COLUMNS}\`, ${values});
    return inserted.rows[0]!;`
    : `    const result = await pool.query<${d.type}>(
      \`${insert} ON CONFLICT (${snake(d.key)}) DO UPDATE SET ${snake(d.key)} = EXCLUDED.${snake(d.key)} RETURNING \${COLUMNS}\`,
      ${values},
    );
    return result.rows[0]!;`;
  const columns = ['id', ...insertColumns, 'createdAt', 'updatedAt'].map((name) => (snake(name) === name ? name : `${snake(name)} AS "${name}"`));
  return `import { pool } from '../../db/pg.js';
import type { ${d.type}, New${d.type} } from './${d.name}.entity.js';

const COLUMNS = '${columns.join(', ')}';

export class ${d.type}Repository {
  async findById(id: string): Promise<${d.type} | null> {
    const result = await pool.query<${d.type}>(\`SELECT \${COLUMNS} FROM ${d.table} WHERE id = $1\`, [id]);
    return result.rows[0] ?? null;
  }

  async list(page: number, size: number): Promise<${d.type}[]> {
    const result = await pool.query<${d.type}>(\`SELECT \${COLUMNS} FROM ${d.table} ORDER BY created_at DESC OFFSET $1 LIMIT $2\`, [page * size, size]);
    return result.rows;
  }

  async count(): Promise<number> {
    const result = await pool.query<{ total: string }>('SELECT count(*) AS total FROM ${d.table}');
    return Number(result.rows[0]?.total ?? 0);
  }

  ${signature(d)} {
${body}
  }

  async update(id: string, changes: Partial<New${d.type}>): Promise<${d.type}> {
    const entries = Object.entries(changes);
    const assignments = entries.map(([column], index) => \`\${column} = $\${index + 2}\`).join(', ');
    const result = await pool.query<${d.type}>(
      \`UPDATE ${d.table} SET \${assignments}, updated_at = now() WHERE id = $1 RETURNING \${COLUMNS}\`,
      [id, ...entries.map(([, value]) => value)],
    );
    if (!result.rows[0]) throw new Error(\`${d.type} \${id} not found\`);
    return result.rows[0];
  }

  async remove(id: string): Promise<void> {
    await pool.query('DELETE FROM ${d.table} WHERE id = $1', [id]);
  }
}
`;
}
