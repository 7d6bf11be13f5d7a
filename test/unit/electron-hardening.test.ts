import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { findingsFromIssues, judge } from '../../scripts/electronegativity-policy.mjs';

type Finding = { check: string; severity: string; file: string; sample: string };
const root = '/repo';
// Electronegativity's issues, as its runner returns them.
const issue = (id: string, severity: string, file: string, line: number, sample: string) => ({
  id,
  severity: { name: severity },
  confidence: { name: 'FIRM' },
  file,
  location: { line, column: 2 },
  sample,
  description: 'Review',
});
const issues = [
  issue('CSP_GLOBAL_CHECK', 'LOW', '/repo/out/renderer/index.html', 5, "default-src 'none'; script-src 'self'"),
  issue('CUSTOM_ARGUMENTS_JS_CHECK', 'MEDIUM', '/repo/out/main/electron.js', 9, 'app.commandLine.appendSwitch("remote-debugging-port", port);'),
  issue('SANDBOX_JS_CHECK', 'MEDIUM', '/repo/out/main/electron.js', 12, 'new BrowserWindow(options)'),
];

describe('Electronegativity policy', () => {
  const findings: Finding[] = findingsFromIssues(issues, root);
  const debugPort = { check: 'CUSTOM_ARGUMENTS_JS_CHECK', file: 'out/main/electron.js', sample: 'remote-debugging-port', reason: 'test-only CDP port on loopback' };

  it("reads Electronegativity's issues, with paths relative to the project", () => {
    expect(findings.map((f) => [f.check, f.severity, f.file])).toEqual([
      ['CSP_GLOBAL_CHECK', 'LOW', 'out/renderer/index.html'],
      ['CUSTOM_ARGUMENTS_JS_CHECK', 'MEDIUM', 'out/main/electron.js'],
      ['SANDBOX_JS_CHECK', 'MEDIUM', 'out/main/electron.js'],
    ]);
    expect(findings[1]!.sample).toBe('app.commandLine.appendSwitch("remote-debugging-port", port);');
  });

  it('fails on MEDIUM or higher unless exempted with a written reason; LOW only informs', () => {
    const verdict = judge(findings, [debugPort]);
    expect(verdict.blocking.map((f: Finding) => f.check)).toEqual(['SANDBOX_JS_CHECK']);
    expect(verdict.exempted.map((f: Finding) => f.check)).toEqual(['CUSTOM_ARGUMENTS_JS_CHECK']);
    expect(verdict.info.map((f: Finding) => f.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('does not honour an exemption without a reason, and reports one that matches nothing', () => {
    const noReason = { ...debugPort, reason: '' };
    const stale = { check: 'AUXCLICK_JS_CHECK', file: 'out/main/electron.js', sample: 'BrowserWindow', reason: 'no longer found anywhere' };
    const verdict = judge(findings, [noReason, stale]);
    expect(verdict.blocking.map((f: Finding) => f.check)).toEqual(['CUSTOM_ARGUMENTS_JS_CHECK', 'SANDBOX_JS_CHECK']);
    expect(verdict.unexplained).toEqual([noReason]);
    expect(verdict.stale).toEqual([stale]);
  });
});

describe('Electron fuses in the packaged app (electron-builder config)', () => {
  const yml = readFileSync('build/electron-builder.yml', 'utf8');
  const block = /^electronFuses:\n((?:[ ]+.*\n)+)/m.exec(yml)?.[1] ?? '';
  const fuses = Object.fromEntries(
    [...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']),
  );

  it('turns off Node entry points the kiosk never uses and makes the app load only from an intact asar', () => {
    expect(fuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(yml).toMatch(/^asar: true$/m);
  });
});
