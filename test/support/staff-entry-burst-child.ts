/**
 * Run by the shop tests (tsx): a kiosk core of its own (its own data dir, the
 * shared store) that tries `count` wrong PINs for one staff number at once,
 * then prints the answers as JSON.
 *
 * argv: dataDir, databaseUrl, kioskName, staffNumber, count
 */
// The unit tests' cheaper KDF, as in the test process that started this one.
import './test-kdf';
import { startCore } from '../../electron/core/kiosk-core';
import { testConfig } from './test-core';

const [dataDir, databaseUrl, kioskName, number, count] = process.argv.slice(2) as [string, string, string, string, string];
const core = await startCore({ config: testConfig(dataDir, { databaseUrl, kioskName }) });
const answers = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => core.dispatch({ windowId: `w${i}` }, 'staff.unlock', { number, pin: String(500000 + i) })),
);
await core.close();
process.stdout.write(`${JSON.stringify(answers.map((answer) => (answer.ok ? 'ok' : answer.code)))}\n`);
