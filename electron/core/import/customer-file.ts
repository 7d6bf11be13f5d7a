import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isMailFormId, itscomIdKey } from '../../../shared/domain/itscom-id';
import { describeImportedHash } from '../auth/imported-hashes';
import type { NewCustomer } from '../store/customers-repo';

/**
 * A file of the provider's customers for the kiosk's own store: CSV with a
 * header line, or JSON Lines, one customer per line, with these fields:
 *
 *   itscomId, contactMail, planName, renewalFrom (YYYY-MM), renewalTo (YYYY-MM),
 *   contractStart (YYYY-MM-DD), passwordHash (PHC: scrypt, argon2id or bcrypt)
 *
 * Never a clear-text password. Each line is checked on its own; the report
 * names every bad line and why (in IT's words, English, as the kiosk's logs).
 */
export type CustomerFileFormat = 'csv' | 'jsonl';

export interface ImportRow {
  /** The line of the file the customer is on (1 = the first line). */
  line: number;
  customer: NewCustomer;
}

export interface LineProblem {
  line: number;
  problem: string;
}

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM expected');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD expected')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'no such day');
/** Printable ASCII without spaces: what an iTSCOM ID is made of (legacy or mail form). */
const itscomId = z
  .string()
  .min(1, 'empty')
  .max(100, 'longer than 100 characters')
  .regex(/^[\x21-\x7e]+$/, 'only half-width letters, digits and symbols, no spaces');

const rowSchema = z
  .object({
    itscomId,
    contactMail: z.string().max(200, 'longer than 200 characters').email('not a mail address'),
    planName: z.string().min(1, 'empty').max(100, 'longer than 100 characters'),
    renewalFrom: month,
    renewalTo: month,
    contractStart: day,
    passwordHash: z.string().superRefine((value, ctx) => {
      const described = describeImportedHash(value);
      if ('problem' in described) ctx.addIssue({ code: z.ZodIssueCode.custom, message: described.problem });
    }),
  })
  .strict()
  .refine((row) => row.renewalFrom <= row.renewalTo, { message: 'renewalFrom is after renewalTo', path: ['renewalTo'] });

/** The file's format from its name (.csv, .jsonl, .ndjson), unless IT names it. */
export function formatOf(fileName: string, named?: string): CustomerFileFormat | undefined {
  if (named === 'csv' || named === 'jsonl') return named;
  if (named !== undefined) return undefined;
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  return undefined;
}

/** The raw records of the file with their line numbers; a line that is no record at all is a problem. */
function records(text: string, format: CustomerFileFormat): { line: number; record: unknown }[] | LineProblem {
  if (format === 'csv') {
    try {
      const parsed = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true }) as { record: unknown; info: { lines: number } }[];
      return parsed.map(({ record, info }) => ({ line: info.lines, record }));
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 1;
      return { line, problem: `not CSV: ${error instanceof Error ? error.message : 'unreadable'}` };
    }
  }
  const out: { line: number; record: unknown }[] = [];
  for (const [index, text_] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    if (text_.trim() === '') continue;
    try {
      out.push({ line: index + 1, record: JSON.parse(text_) as unknown });
    } catch {
      out.push({ line: index + 1, record: Symbol.for('not-json') });
    }
  }
  return out;
}

/** The message of a row's first few problems, field by field. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.includes('password')
          ? 'a clear-text "password" is never imported: export its hash as passwordHash'
          : `unknown field(s): ${issue.keys.join(', ')}`;
      }
      const field = issue.path.join('.') || 'line';
      return `${field}: ${issue.code === 'invalid_type' && issue.received === 'undefined' ? 'missing' : issue.message}`;
    })
    .join('; ');
}

/**
 * Reads a customer file: every row as a customer of the kiosk's store, or
 * every bad line with why. IDs that repeat within the file are bad on each
 * line after the first (the key compares mail-form IDs case-insensitively).
 */
export function readCustomerFile(text: string, format: CustomerFileFormat): { rows: ImportRow[]; problems: LineProblem[] } {
  const found = records(text, format);
  if (!Array.isArray(found)) return { rows: [], problems: [found] };
  const rows: ImportRow[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of found) {
    if (typeof record === 'symbol') {
      problems.push({ line, problem: 'not a JSON object' });
      continue;
    }
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push({ line, problem: describeIssues(parsed.error) });
      continue;
    }
    const key = itscomIdKey(parsed.data.itscomId);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, problem: `itscomId: the same ID as line ${first}` });
      continue;
    }
    seen.set(key, line);
    const { itscomId: id, ...rest } = parsed.data;
    rows.push({ line, customer: { itscomId: id, itscomIdKey: key, isLegacyId: !isMailFormId(id), ...rest } });
  }
  if (found.length === 0) problems.push({ line: 1, problem: 'no customers in the file' });
  return { rows, problems };
}
