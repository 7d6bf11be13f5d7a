/**
 * Run by the crash test (tsx): starts a real core on the data dir it is given
 * and changes one customer's ID or password, telling the parent on stdout
 * when it has signed in, when a commit is about to start and when it has ended.
 * The parent kills it with SIGKILL at a random moment around the commit.
 *
 * argv: dataDir, kind ('id' | 'password'), signedInAs (JSON {itscomId, password}), next value, clock skew ms
 */
// The unit tests' cheaper KDF, as in the test process that started this one.
import './test-kdf';
import { startCore } from '../../electron/core/kiosk-core';
import { testConfig } from './test-core';

const [dataDir, kind, who, next, skew] = process.argv.slice(2) as [string, 'id' | 'password', string, string, string];
const customer = JSON.parse(who) as { itscomId: string; password: string };
const window = { windowId: 'crash' };
const say = (line: string) => process.stdout.write(`${line}\n`);

function must<T>(result: { ok: true; value: T } | { ok: false; code: string }, step: string): T {
  if (!result.ok) throw new Error(`${step}: ${result.code}`);
  return result.value;
}

const core = await startCore({ config: testConfig(dataDir), now: () => Date.now() + Number(skew) });
const call = (channel: string, input: unknown = {}) => core.dispatch(window, channel, input) as Promise<{ ok: true; value: unknown } | { ok: false; code: string }>;

must(await call('session.signIn', customer), 'sign-in');
say('signed-in');
if (kind === 'id') {
  must(await call('idChange.start'), 'start');
  const sent = new Promise<void>((resolve) =>
    core.onEvent((_w, name, payload) => {
      if (name === 'mail.status' && (payload as { state: string }).state === 'sent') resolve();
    }),
  );
  must(await call('idChange.requestCode', { newItscomId: next }), 'request code');
  await sent;
  const mails = must(await call('mailbox.list'), 'mailbox') as { to: string[]; text: string }[];
  const code = /認証コード: (\d{6})/.exec(mails.find((m) => m.to.includes(next))!.text)![1]!;
  must(await call('idChange.verifyCode', { code }), 'verify');
  say('commit-start');
  must(await call('idChange.commit', { setAsContact: true }), 'commit');
} else {
  must(await call('passwordChange.start'), 'start');
  must(await call('passwordChange.check', { currentPassword: customer.password, newPassword: next, newPasswordAgain: next }), 'check');
  say('commit-start');
  must(await call('passwordChange.commit'), 'commit');
}
say('commit-done');
await core.close();
say('closed');
