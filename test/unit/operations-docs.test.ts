import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** What docs/operations.md gives IT to paste: it must work as pasted. */
const operations = readFileSync('docs/operations.md', 'utf8');
const yamlBlocks = [...operations.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('docs/operations.md', () => {
  it('has alert rules promtool accepts: kiosk down, mail stuck, printer stopped', () => {
    const rules = yamlBlocks.find((block) => block.startsWith('groups:'));
    expect(rules, 'the rules block').toBeDefined();
    for (const alert of ['KioskDown', 'KioskMailStuck', 'KioskPrinterStopped']) expect(rules).toContain(`alert: ${alert}`);
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-rules-'));
    try {
      const file = join(dir, 'mypage-kiosk.rules.yml');
      writeFileSync(file, rules!);
      const promtool = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(promtool.error, 'promtool (Debian package "prometheus", installed by the set-up)').toBeUndefined();
      expect(promtool.status, `${promtool.stdout}${promtool.stderr}`).toBe(0);
      expect(promtool.stdout).toContain('SUCCESS: 3 rules found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a scrape config promtool accepts', () => {
    const scrape = yamlBlocks.find((block) => block.startsWith('scrape_configs:'));
    expect(scrape, 'the scrape config block').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-scrape-'));
    try {
      const file = join(dir, 'prometheus.yml');
      writeFileSync(file, scrape!);
      const promtool = spawnSync('promtool', ['check', 'config', '--syntax-only', file], { encoding: 'utf8' });
      expect(promtool.status, `${promtool.stdout}${promtool.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
