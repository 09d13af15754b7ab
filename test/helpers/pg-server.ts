/**
 * A throwaway real PostgreSQL server for integration tests: initdb into a
 * temp dir, listen only on a unix socket there, stop it by its pid at the
 * end. initdb refuses to run as root, so as root it runs as `postgres`.
 * Set SQLREV_PG_HOST (a socket dir or host) to use an existing server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  host: string;
  /** Run psql with a script file on a database; returns exit code and output. */
  psql(db: string, args: string[], input?: string): { status: number; stdout: string; stderr: string };
  createDb(name: string): void;
  stop(): void;
}

function findBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function asPostgres(cmd: string[]): string[] {
  if (process.getuid?.() !== 0) return cmd;
  return ['runuser', '-u', 'postgres', '--', ...cmd];
}

export function startPgServer(): PgServer {
  const external = process.env.SQLREV_PG_HOST;
  let host: string;
  let stop = () => {};
  if (external) {
    host = external;
  } else {
    const bin = findBin();
    if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql-15; .ci/run does it)');
    const dir = mkdtempSync(join(tmpdir(), 'sqlrev-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const run = (cmd: string[]) => {
      const [c, ...a] = asPostgres(cmd);
      const r = spawnSync(c!, a, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}${r.stdout}`);
    };
    run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    run([join(bin, 'pg_ctl'), '-D', data, '-o', `-k ${dir} -c listen_addresses='' -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
    host = dir;
    stop = () => {
      try {
        const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT'); // fast shutdown
        for (let i = 0; i < 100 && existsSync(join(data, 'postmaster.pid')); i++) spawnSync('sleep', ['0.1']);
      } catch { /* already gone */ }
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const psql = (db: string, args: string[], input?: string) => {
    const r = spawnSync('psql', ['-X', '-q', '-h', host, '-U', 'postgres', '-d', db, ...args], { encoding: 'utf8', input, env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    host,
    psql,
    createDb(name) {
      const r = psql('postgres', ['-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE IF EXISTS "${name}"`, '-c', `CREATE DATABASE "${name}"`]);
      if (r.status !== 0) throw new Error(r.stderr);
    },
    stop,
  };
}
