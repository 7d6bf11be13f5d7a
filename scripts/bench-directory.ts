// Part of `npm run bench` (run with tsx): the kiosk's directory client against
// a local OpenLDAP (slapd, started here as the tests start it: TLS, ppolicy,
// unique). A sign-in as the kiosk does it (the service account finds the entry,
// then a bind as the customer) and a customer's own password change (bound as
// the customer, RFC 3062), each timed. argv: rounds. Prints one JSON line.
import { createLdapDirectory } from '../electron/core/directory/ldap-directory';
import { startLdapServer } from '../test/support/ldap-server';
import { percentile } from './bench-support';

const ROUNDS = Number(process.argv[2] ?? 200);
const server = await startLdapServer();
const directory = createLdapDirectory(server.clientSettings());
try {
  const signIns: number[] = [];
  const changes: number[] = [];
  // Passwords in turn beyond the policy's history (3), so none is refused as recent.
  const passwords = ['Hanako_2026', 'Bench_pass-1', 'Bench_pass-2', 'Bench_pass-3', 'Bench_pass-4'];
  for (let round = 0; round < ROUNDS; round += 1) {
    const current = passwords[round % passwords.length]!;
    let t = performance.now();
    const account = await directory.findById('hanako.suzuki@example.com');
    if (!account || (await directory.authenticate(account, current)) !== 'ok') throw new Error(`sign-in failed in round ${round}`);
    signIns.push(performance.now() - t);
    t = performance.now();
    const changed = await directory.changeOwnPassword(account, current, passwords[(round + 1) % passwords.length]!);
    if (changed !== 'ok') throw new Error(`password change refused in round ${round}: ${JSON.stringify(changed)}`);
    changes.push(performance.now() - t);
  }
  console.log(
    JSON.stringify({
      rounds: ROUNDS,
      signInP50: percentile(signIns, 50),
      signInP95: percentile(signIns, 95),
      changeP50: percentile(changes, 50),
      changeP95: percentile(changes, 95),
    }),
  );
} finally {
  await directory.close();
  await server.stop();
}
