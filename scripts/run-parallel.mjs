#!/usr/bin/env node
/**
 * Runs npm scripts side by side (the checks that only read the sources:
 * typecheck, lint, the security scan) and fails if any fails. Each one's
 * output is kept and printed whole when it ends, so lines never interleave.
 *
 * usage: node scripts/run-parallel.mjs typecheck lint test:security
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (out += chunk));
        child.on('close', (code) => {
          process.stdout.write(`[${script}] ${code === 0 ? 'passed' : `failed (${code})`} in ${Math.round((Date.now() - started) / 1000)} s\n${out}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
