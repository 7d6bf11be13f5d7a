import { createRequire } from 'node:module';
import type * as Playwright from 'playwright-core';

/**
 * playwright-core, loaded with require: importing it as ESM makes Node parse
 * its whole CommonJS bundle for named exports, about 0.1 s more at every start.
 */
export const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof Playwright;
