import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatOf, readCustomerFile } from '../core/import/customer-file';
import { importCustomers } from '../core/import/import-customers';
import { openKioskStore, runTool } from './tool-store';

const USAGE = `usage: npm run --silent customers -- import FILE [--upsert] [--format csv|jsonl]

Imports the provider's customers into the kiosk's own store (the SQLite file in
KIOSK_DATA_DIR, or the shop's KIOSK_DATABASE_URL), all or nothing. FILE is CSV
with a header line or JSON Lines, with the fields itscomId, contactMail,
planName, renewalFrom, renewalTo, contractStart and passwordHash (PHC format:
scrypt, argon2id or bcrypt; never a clear-text password). A file with any bad
line imports nothing and names each bad line and why. --upsert replaces the
customers the store already holds instead of refusing them.`;

/**
 * `npm run customers -- import FILE`: what IT runs on a kiosk PC (with the
 * kiosk's environment) to load customers. Exit 0: imported; 1: refused
 * (each bad line on stderr), or the store could not be opened; 2: usage.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { upsert: { type: 'boolean', default: false }, format: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  const [command, file] = positionals;
  if (values.help || command !== 'import' || !file || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const format = formatOf(file, values.format);
  if (!format) {
    console.error(`${file}: say --format csv or --format jsonl (the name ends in neither .csv nor .jsonl)`);
    return 2;
  }
  const { rows, problems } = readCustomerFile(readFileSync(file, 'utf8'), format);
  if (problems.length > 0) {
    for (const { line, problem } of problems) console.error(`${basename(file)}:${line}: ${problem}`);
    console.error(`nothing imported: ${problems.length} bad line(s) of ${rows.length + problems.length}`);
    return 1;
  }
  const store = await openKioskStore();
  try {
    const outcome = await importCustomers(store, rows, { upsert: values.upsert, now: Date.now() });
    if (!outcome.ok) {
      for (const { line, problem } of outcome.problems) console.error(`${basename(file)}:${line}: ${problem}`);
      console.error(`nothing imported: ${outcome.problems.length} bad line(s) of ${rows.length}`);
      return 1;
    }
    console.log(`imported into ${store.description}: ${outcome.inserted} new, ${outcome.updated} replaced`);
    return 0;
  } finally {
    await store.close();
  }
}

runTool('customers', () => main(process.argv.slice(2)));
