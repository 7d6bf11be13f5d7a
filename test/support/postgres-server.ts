import { execFileSync } from 'node:child_process';

/**
 * The local PostgreSQL cluster `./kiosk test` started (Debian's pg_ctlcluster),
 * stopped and started again as an operator or a crash would. Root only, as the
 * set-up is; a machine where it cannot be done fails the test that asks.
 */
function cluster(): [string, string] {
  const line = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  const [version, name] = line.split(/\s+/);
  if (!version || !name) throw new Error('no PostgreSQL cluster found (pg_lsclusters)');
  return [version, name];
}

export function stopPostgres(): void {
  execFileSync('pg_ctlcluster', [...cluster(), 'stop', '-m', 'fast'], { stdio: 'pipe' });
}

export function startPostgres(): void {
  execFileSync('pg_ctlcluster', [...cluster(), 'start'], { stdio: 'pipe' });
}
