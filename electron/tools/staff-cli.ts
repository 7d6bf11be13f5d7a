import { loadConfig } from '../core/config';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { newStaffMemberSchema } from '../../shared/rules/staff';
import { hashPassword } from '../core/auth/password-hash';
import { createAuditTrail } from '../core/audit/audit-trail';
import { StaffNumberTakenError } from '../core/store/staff-members-repo';
import { openKioskStore, runTool, toolLog } from './tool-store';

const USAGE = `usage: npm run --silent staff -- add --number N --name NAME --role staff|manager

Run on the kiosk PC with the kiosk's environment (KIOSK_DATA_DIR,
KIOSK_DATABASE_URL, KIOSK_SHOP). Adds a member to the staff of the kiosk's
shop; the first manager of a shop is made this way. The PIN (6 to 8 digits,
not one digit repeated, not a run such as 123456, not the staff number) is
asked for twice on the terminal, never taken from the arguments.`;

/** Reads one line from the terminal without echoing it (or from stdin when it is not a terminal, as in a script). */
async function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input, terminal: false });
    pending ??= lines[Symbol.asyncIterator]();
    const next = await pending.next();
    return next.done ? '' : String(next.value).trim();
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    input.on('data', onData);
  });
}
let pending: AsyncIterator<string> | undefined;

/**
 * `npm run staff -- add`: IT's command to add a member (the first manager of
 * a shop, or anyone when no manager can). Exit 0: added; 1: refused (the
 * number is taken, the PINs differ or break a rule) or the store could not be
 * opened; 2: usage.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { number: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals[0] !== 'add' || positionals.length !== 1 || !values.number || !values.name || !values.role) {
    console.error(USAGE);
    return 2;
  }
  const pin = await askHidden('PIN: ');
  const again = await askHidden('PIN (again): ');
  if (pin !== again) {
    console.error('the two PINs differ: nothing added');
    return 1;
  }
  const parsed = newStaffMemberSchema.safeParse({ number: values.number, name: values.name, role: values.role, pin });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${ISSUE_TEXT[issue.message] ?? issue.message}`);
    console.error('nothing added');
    return 1;
  }
  const store = await openKioskStore();
  try {
    const member = parsed.data;
    try {
      await store.staffMembers.add({ number: member.number, name: member.name, role: member.role, pinHash: await hashPassword(member.pin), mustSetPin: false }, Date.now());
    } catch (error) {
      if (!(error instanceof StaffNumberTakenError)) throw error;
      console.error(`staff number ${member.number} is taken in this shop: nothing added`);
      return 1;
    }
    // IT's addition is a staff action too: the trail names the number added, and no member did it.
    await createAuditTrail({ repo: store.audit, now: Date.now, log: toolLog, shop: loadConfig(process.env).shop }).record({
      staffNumber: null,
      action: 'staff_added',
      subject: member.number,
      outcome: 'ok',
      detail: { role: member.role, by: 'npm run staff' },
    });
    console.log(`added ${member.role} ${member.number} (${member.name}) to ${store.description}`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The rules' reasons in words for the terminal. */
const ISSUE_TEXT: Record<string, string> = {
  'staff.errors.number': 'the staff number must be 4 to 10 digits',
  'staff.errors.pin': 'the PIN must be 6 to 8 digits',
  'staff.errors.pinRepeated': 'the PIN cannot be one digit repeated',
  'staff.errors.pinRun': 'the PIN cannot be a run of digits such as 123456',
  'staff.errors.pinIsNumber': 'the PIN cannot be the staff number',
  'errors.required': 'required',
  'errors.tooLong': 'too long',
  'errors.invalid': 'must be staff or manager',
};

runTool('staff', () => main(process.argv.slice(2)));
