/**
 * The same chain as an Alembic project, to time Alembic's offline mode
 * (`alembic upgrade base:head --sql`) on the same history.
 *
 *   <dir>/alembic.ini
 *   <dir>/migrations/env.py                  offline mode only
 *   <dir>/migrations/versions/<id>_x.py      one per revision, same ids and graph
 *
 * Offline mode needs no database and no driver: `context.configure(url=...)`
 * only resolves the SQLAlchemy dialect class, and SQLAlchemy imports the DBAPI
 * module (psycopg2) only when an Engine is created (`create_engine` calls
 * `dialect.import_dbapi()`); bench/README.md says how that was checked.
 *
 * Index names are given explicitly (Alembic's op.create_index needs one) and
 * are the names sqlrev's default convention `ix_<table>_<col>` derives.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnDef, DefaultSpec, Op } from '../src/ops/types.js';
import type { Chain, ChainRevision } from './chain.js';
import { setAside } from './aside.js';
import { manifestOf } from './generate.js';

export interface PythonWithAlembic {
  python: string;
  alembic: string;
  sqlalchemy: string;
}

/**
 * The first interpreter that imports alembic. Debian's python3-alembic lives
 * in /usr/bin/python3's site-packages, which a pyenv or venv `python3` first
 * on PATH does not see, so both are tried (BENCH_PYTHON overrides).
 */
export function findAlembic(): PythonWithAlembic | string {
  const candidates = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  const tried: string[] = [];
  for (const python of [...new Set(candidates)]) {
    const r = spawnSync(python, ['-c', 'import alembic, sqlalchemy; print(alembic.__version__, sqlalchemy.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      const [alembic = '?', sqlalchemy = '?'] = r.stdout.trim().split(/\s+/);
      return { python, alembic, sqlalchemy };
    }
    tried.push(python);
  }
  return `alembic is not importable by ${tried.join(' or ')} (install Debian's python3-alembic)`;
}

/** A Python string literal. */
function py(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function saType(type: ColumnDef['type']): string {
  if (typeof type !== 'string') throw new Error(`bench chain uses portable types only, got ${JSON.stringify(type)}`);
  const t = type.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^varchar\((\d+)\)$/.exec(t))) return `sa.String(length=${m[1]})`;
  if ((m = /^numeric\((\d+),(\d+)\)$/.exec(t))) return `sa.Numeric(precision=${m[1]}, scale=${m[2]})`;
  switch (t) {
    case 'bigint': return 'sa.BigInteger()';
    case 'integer': return 'sa.Integer()';
    case 'text': return 'sa.Text()';
    case 'boolean': return 'sa.Boolean()';
    case 'timestamp': return 'sa.DateTime()';
    case 'timestamptz': return 'sa.DateTime(timezone=True)';
    default: throw new Error(`no SQLAlchemy mapping for bench type ${type}`);
  }
}

function serverDefault(d: DefaultSpec | undefined): string | undefined {
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'object') return `sa.text(${py(d.sql)})`;
  if (typeof d === 'string') return py(d);
  return `sa.text(${py(String(d))})`;
}

function isNullable(c: ColumnDef): boolean {
  return c.nullable ?? !c.primaryKey;
}

function saColumn(c: ColumnDef): string {
  const args = [py(c.name), saType(c.type)];
  if (c.autoincrement) args.push('sa.Identity(always=False)');
  if (c.primaryKey) args.push('primary_key=True');
  args.push(`nullable=${isNullable(c) ? 'True' : 'False'}`);
  const sd = serverDefault(c.default);
  if (sd) args.push(`server_default=${sd}`);
  return `sa.Column(${args.join(', ')})`;
}

/** Replays the chain's ops to know the pre-image of altered and dropped columns (for existing_type and downgrade). */
class Tables {
  private readonly tables = new Map<string, Map<string, ColumnDef>>();
  get(table: string, column: string): ColumnDef {
    const c = this.tables.get(table)?.get(column);
    if (!c) throw new Error(`bench chain refers to unknown column ${table}.${column}`);
    return c;
  }
  apply(op: Op): void {
    switch (op.op) {
      case 'createTable':
        this.tables.set(op.table, new Map(op.columns.map((c) => [c.name, c])));
        return;
      case 'addColumn':
        this.tables.get(op.table)!.set(op.column.name, op.column);
        return;
      case 'alterColumn':
        if (op.type !== undefined) this.tables.get(op.table)!.set(op.column, { ...this.get(op.table, op.column), type: op.type });
        return;
      case 'dropColumn':
        this.tables.get(op.table)!.delete(op.column);
        return;
      case 'createIndex':
        return;
      default:
        throw new Error(`the Alembic writer does not translate ${op.op}`);
    }
  }
}

function indexName(table: string, columns: readonly unknown[]): string {
  return `ix_${table}_${columns.map(String).join('_')}`;
}

/** Upgrade and downgrade lines of one op (downgrade lines are emitted in reverse op order). */
function translate(op: Op, tables: Tables): { up: string[]; down: string[] } {
  switch (op.op) {
    case 'createTable':
      return {
        up: [`op.create_table(${py(op.table)},`, ...op.columns.map((c) => `    ${saColumn(c)},`), ')'],
        down: [`op.drop_table(${py(op.table)})`],
      };
    case 'createIndex': {
      const name = op.name ?? indexName(op.table, op.columns);
      return {
        up: [`op.create_index(${py(name)}, ${py(op.table)}, [${op.columns.map((c) => py(String(c))).join(', ')}], unique=${op.unique ? 'True' : 'False'})`],
        down: [`op.drop_index(${py(name)}, table_name=${py(op.table)})`],
      };
    }
    case 'addColumn':
      return {
        up: [`op.add_column(${py(op.table)}, ${saColumn(op.column)})`],
        down: [`op.drop_column(${py(op.table)}, ${py(op.column.name)})`],
      };
    case 'alterColumn': {
      const before = tables.get(op.table, op.column);
      const existing = [`existing_nullable=${isNullable(before) ? 'True' : 'False'}`];
      const sd = serverDefault(before.default);
      if (sd) existing.push(`existing_server_default=${sd}`);
      const alter = (to: ColumnDef['type'], from: ColumnDef['type']) =>
        `op.alter_column(${py(op.table)}, ${py(op.column)}, type_=${saType(to)}, existing_type=${saType(from)}, ${existing.join(', ')})`;
      return { up: [alter(op.type!, before.type)], down: [alter(before.type, op.type!)] };
    }
    case 'dropColumn':
      return {
        up: [`op.drop_column(${py(op.table)}, ${py(op.column)})`],
        down: [`op.add_column(${py(op.table)}, ${saColumn(tables.get(op.table, op.column))})`],
      };
    default:
      throw new Error(`the Alembic writer does not translate ${op.op}`);
  }
}

function versionFile(r: ChainRevision, tables: Tables): string {
  const up: string[] = [];
  const downs: string[][] = [];
  for (const op of r.upgrade) {
    const t = translate(op, tables);
    tables.apply(op);
    up.push(...t.up);
    downs.push(t.down);
  }
  const down = downs.reverse().flat();
  const downRevision = r.parents.length === 0 ? 'None'
    : r.parents.length === 1 ? py(r.parents[0]!)
      : `(${r.parents.map(py).join(', ')})`;
  const body = (lines: string[]) => (lines.length === 0 ? ['    pass'] : lines.map((l) => `    ${l}`)).join('\n');
  return `"""${r.message.replace(/"""/g, "'''").replace(/\\/g, '/')}

Revision ID: ${r.id}
Revises: ${r.parents.join(', ')}
"""
from alembic import op
import sqlalchemy as sa


revision = ${py(r.id)}
down_revision = ${downRevision}
branch_labels = None
depends_on = None


def upgrade():
${body(up)}


def downgrade():
${body(down)}
`;
}

const ENV_PY = `# Offline mode only: the benchmark times \`alembic upgrade base:head --sql\`.
from alembic import context

config = context.config

if not context.is_offline_mode():
    raise SystemExit("this benchmark project supports --sql (offline) mode only")

context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    target_metadata=None,
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
)

with context.begin_transaction():
    context.run_migrations()
`;

function alembicIni(url: string): string {
  return `[alembic]
script_location = migrations
sqlalchemy.url = ${url}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;
}

/** Writes the Alembic project for `chain` into dir (skipped when the manifest says it is current). */
export function writeAlembicProject(chain: Chain, dir: string, url = 'postgresql://'): void {
  const manifestFile = join(dir, 'bench-manifest.json');
  const manifest = JSON.stringify({ ...manifestOf(chain), url }, null, 2) + '\n';
  if (existsSync(manifestFile) && readFileSync(manifestFile, 'utf8') === manifest) return;
  setAside(dir);
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'alembic.ini'), alembicIni(url));
  writeFileSync(join(dir, 'migrations', 'env.py'), ENV_PY);
  const tables = new Tables();
  for (const r of chain.revisions) writeFileSync(join(versions, `${r.id}_x.py`), versionFile(r, tables));
  writeFileSync(manifestFile, manifest);
}
