// Lint and layering. The layers (docs/architecture.md, "Layers") are enforced here:
// the core never reaches a shell, the renderer never reaches the main process,
// shared/ depends on zod alone, and only the store speaks to a database driver.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const DRIVERS = ['better-sqlite3', 'pg', 'kysely'];
const restrict = (patterns, message) => patterns.map((group) => ({ group: [group], message }));
const noDrivers = restrict(DRIVERS, 'SQL and database drivers live in electron/core/store/ only.');

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Formatting is Prettier's business elsewhere; here the markup rules the Vue style guide calls "recommended" only.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    // Rules that read types: a promise is awaited, handled, or marked `void` with the reason beside it.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'renderer/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Page functions that run in the browser (page.evaluate) live in scripts and tests too.
    files: ['scripts/**', 'test/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    // Playwright reads a fixture's dependencies from its first parameter: `({}, use)` means "none".
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches the core through window.kiosk only.' },
            { name: 'vue-i18n', importNames: ['useI18n'], message: 'Text comes through useMessages() (i18n/messages.ts): its keys are checked against the catalogue.' },
          ],
          patterns: [...restrict(['**/electron/**', '**/electron'], 'The renderer never imports main-process code.'), ...noDrivers],
        },
      ],
    },
  },
  {
    files: ['renderer/src/i18n/messages.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer reaches the core through window.kiosk only.' }], patterns: noDrivers }],
    },
  },
  {
    files: ['electron/core/**'],
    ignores: ['electron/core/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'playwright-core', '@playwright/test'].map((name) => ({ name, message: 'The core is runtime-neutral: shells wire it to Electron or Chromium.' })),
          patterns: [...restrict(['**/chromium/**', '**/electron-shell/**', '**/launcher/**'], 'The core never imports a shell.'), ...noDrivers],
        },
      ],
    },
  },
  {
    files: ['electron/core/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'playwright-core'].map((name) => ({ name, message: 'The store is runtime-neutral.' })),
          patterns: restrict(['**/chromium/**', '**/electron-shell/**', '**/launcher/**'], 'The store never imports a shell.'),
        },
      ],
    },
  },
  {
    files: ['electron/electron-shell/**', 'electron/chromium/**', 'electron/launcher/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: noDrivers }] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\.\\.?/)', message: 'shared/ depends on zod alone.' }, { regex: '^\\.\\./\\.\\./', message: 'shared/ never reaches outside shared/.' }] },
      ],
    },
  },
);
