// Runs Electronegativity on the built app (main, preload, renderer) and fails
// on any finding of MEDIUM or higher not exempted, with a reason, in
// build/electronegativity-exemptions.json. Part of `npm test`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { findingsFromIssues, judge } from './electronegativity-policy.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
// Its runner, not its CLI: the CLI writes the CSV header and the rows with two
// concurrent fs.writeFile calls, and the header sometimes lands over the first
// rows (a finding silently lost, or a row cut in half). The runner hands the
// issues over in memory.
const runElectronegativity = require('@doyensec/electronegativity/dist/runner.js');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// The Electron version in use, so it need not guess it (its release lookup is offline here).
const { issues } = await runElectronegativity({ input: join(root, 'out'), electronVersionOverride: electronVersion });
const { exemptions } = JSON.parse(readFileSync(join(root, 'build/electronegativity-exemptions.json'), 'utf8'));
const findings = findingsFromIssues(issues, root);
const { blocking, exempted, info, stale, unexplained } = judge(findings, exemptions);
const show = (f) => `  ${f.severity.padEnd(8)} ${f.check} ${f.file}:${f.location}`;
console.log(`[electronegativity] Electron ${electronVersion}: ${findings.length} findings on out/`);
if (info.length) console.log(`  below MEDIUM (informational):\n${info.map(show).join('\n')}`);
if (exempted.length) console.log(`  exempted with a written reason:\n${exempted.map(show).join('\n')}`);
const problems = [
  ...blocking.map((f) => `${show(f)}\n      ${f.sample.trim()}`),
  ...unexplained.map((e) => `  exemption without a reason: ${e.check} ${e.file}`),
  ...stale.map((e) => `  stale exemption (matches nothing): ${e.check} ${e.file} "${e.sample}"`),
];
if (problems.length) {
  console.error(`[electronegativity] FAILED:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else console.log('[electronegativity] no finding of MEDIUM or higher without a written reason');
