import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE, type Logger } from '../logger';
import type { AuditRepo } from '../store/audit-repo';
import type { AuditRow } from './audit-chain';

/**
 * A point of the shop's audit chain kept outside the store: the row at place
 * `count` holds `hash`. Whoever owns the store can drop its triggers, delete
 * rows and recompute every hash, and the chain alone still holds; an anchor
 * they cannot reach (the system log, the printed day's report, a note IT
 * keeps) tells. The head anchor is logged at every row, the front anchor at
 * every retention purge.
 */
export interface AuditAnchor {
  count: number;
  hash: string;
}

/** The log lines that carry anchors (JSON lines of the kiosk's logger, in its file or the journal). */
export const HEAD_ANCHOR_MESSAGE = 'audit anchor: head';
export const FRONT_ANCHOR_MESSAGE = 'audit anchor: front';

export type AnchorCheck =
  | { holds: true }
  | { holds: false; end: 'newest' | 'oldest'; missing: number | null; why: string };

/** What the check reads of the store: the chain's two ends and a row by its place. */
export interface ChainEnds {
  ends(): Promise<{ head: AuditRow; front: AuditRow } | undefined>;
  atSeq(seq: number): Promise<AuditRow | undefined>;
}

/** `COUNT:HASH` as IT types it after `--anchor` (from the journal or a printed day's report). */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const match = /^(\d{1,12}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { count: Number(match[1]), hash: match[2]! } : undefined;
}

/** The newest of some anchors (the highest place): a later anchor checks more of the chain. */
export const newest = (anchors: readonly (AuditAnchor | undefined)[]): AuditAnchor | undefined =>
  anchors.reduce<AuditAnchor | undefined>((best, anchor) => (anchor && (!best || anchor.count > best.count) ? anchor : best), undefined);

/**
 * The anchors in log text (JSON lines, as the kiosk's log file holds them or
 * `journalctl -o cat` prints them), for one shop: the newest head and front.
 */
export function anchorsInLog(text: string, shop: string): { head?: AuditAnchor; front?: AuditAnchor } {
  const heads: AuditAnchor[] = [];
  const fronts: AuditAnchor[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{');
    if (start < 0 || !line.includes('audit anchor')) continue;
    let entry: { message?: unknown; shop?: unknown; count?: unknown; hash?: unknown };
    try {
      entry = JSON.parse(line.slice(start)) as typeof entry;
    } catch {
      continue;
    }
    const anchor = typeof entry.count === 'number' && typeof entry.hash === 'string' ? parseAnchor(`${entry.count}:${entry.hash}`) : undefined;
    if (!anchor || entry.shop !== shop) continue;
    if (entry.message === HEAD_ANCHOR_MESSAGE) heads.push(anchor);
    if (entry.message === FRONT_ANCHOR_MESSAGE) fronts.push(anchor);
  }
  return { ...withAnchor('head', newest(heads)), ...withAnchor('front', newest(fronts)) };
}

const withAnchor = <K extends string>(key: K, anchor: AuditAnchor | undefined) => (anchor ? ({ [key]: anchor } as Record<K, AuditAnchor>) : {});

/**
 * The chain against its anchors: the row the head anchor names must be there
 * with its hash (else the newest rows were cut, or rewritten); the oldest row
 * must be the first row ever, or the front the last purge left (else rows
 * were cut from the front inside the retention period). Rows from before
 * store version 14 have no place and are checked by the chain alone.
 */
export async function checkAnchors(chain: ChainEnds, anchors: { head?: AuditAnchor; front?: AuditAnchor }): Promise<AnchorCheck> {
  const ends = await chain.ends();
  const { head, front } = anchors;
  if (head) {
    const anchored = await chain.atSeq(head.count);
    const headSeq = ends?.head.seq ?? 0;
    if (anchored && anchored.hash !== head.hash) {
      return { holds: false, end: 'newest', missing: null, why: `row ${head.count} of the chain is not the one anchored: the trail was rewritten from there on` };
    }
    if (!anchored && headSeq < head.count) {
      const missing = head.count - headSeq;
      return { holds: false, end: 'newest', missing, why: `the newest ${missing} row(s) are missing: the anchor names row ${head.count}, the trail ends at row ${headSeq}` };
    }
  }
  const frontSeq = ends?.front.seq;
  if (ends && frontSeq !== null && frontSeq !== undefined) {
    const expected = front && front.count > 1 ? front : { count: 1, hash: undefined };
    if (frontSeq > expected.count) {
      const missing = frontSeq - expected.count;
      const since = front ? `the last purge left row ${front.count} first` : 'no purge has removed any';
      return { holds: false, end: 'oldest', missing, why: `the oldest ${missing} row(s) are missing: the trail begins at row ${frontSeq}, and ${since}` };
    }
    if (frontSeq === expected.count && expected.hash !== undefined && ends.front.hash !== expected.hash) {
      return { holds: false, end: 'oldest', missing: null, why: `row ${frontSeq}, the front the last purge left, is not the one anchored: the trail was rewritten` };
    }
  }
  return { holds: true };
}

/** The retention purge, with the front it leaves logged as an anchor (the store keeps it too). */
export async function purgeAnchored(repo: AuditRepo, before: number, log: Logger, shop: string): Promise<number> {
  const removed = await repo.purge(before);
  const front = removed > 0 ? await repo.recordedFront() : undefined;
  if (front) log.notice(FRONT_ANCHOR_MESSAGE, { shop, count: front.count, hash: front.hash, removed });
  return removed;
}

/** The newest anchors in the kiosk's own log files (`<dataDir>/logs/kiosk.log*`), for one shop. */
export function anchorsInLogFolder(dataDir: string, shop: string): { head?: AuditAnchor; front?: AuditAnchor } {
  const folder = join(dataDir, 'logs');
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith(LOG_FILE)) : [];
  return newestOf(files.map((name) => anchorsInLog(readFileSync(join(folder, name), 'utf8'), shop)));
}

/** The newest head and front among sets of anchors (undefined ones left out). */
export function newestOf(sets: readonly { head?: AuditAnchor | undefined; front?: AuditAnchor | undefined }[]): { head?: AuditAnchor; front?: AuditAnchor } {
  return { ...withAnchor('head', newest(sets.map((set) => set.head))), ...withAnchor('front', newest(sets.map((set) => set.front))) };
}
