/**
 * Run by directory-kill.test.ts (node with tsx's loader): a real kiosk core on
 * the provider's directory, on the data dir and directory it is given, where
 * Hanako changes her password. It tells the parent on stdout when the commit
 * starts; the parent holds the kiosk's recording transaction and kills this
 * process with SIGKILL there.
 *
 * argv: dataDir, directory settings (JSON), relay URL
 */
// The unit tests' cheaper KDF, as in the test process that started this one.
import './test-kdf';
import { startCore } from '../../electron/core/kiosk-core';
import { kioskAt } from './core-fixture';
import { testConfig } from './test-core';

const [dataDir, directory, smtpUrl] = process.argv.slice(2) as [string, string, string];
const say = (line: string) => process.stdout.write(`${line}\n`);

const core = await startCore({ config: testConfig(dataDir, { demo: false, smtpUrl, staffPin: '4826', directory: JSON.parse(directory) as never }) });
const w = kioskAt(core, 'counter');
const must = (result: { ok: boolean }, step: string) => {
  if (!result.ok) throw new Error(`${step}: ${JSON.stringify(result)}`);
};
must(await w.session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' }), 'sign-in');
must(await w.passwordChange.start(), 'start');
must(await w.passwordChange.check({ currentPassword: 'Hanako_2026', newPassword: 'Counter_77x', newPasswordAgain: 'Counter_77x' }), 'check');
say('commit-start');
must(await w.passwordChange.commit(), 'commit');
say('commit-done');
await core.close();
