import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const sharedAlias = { '@shared': resolve(import.meta.dirname, 'shared') };

// One build for the three targets. Main holds two entries over the same core:
// the Electron shell, and the launcher that picks a shell and runs the Chromium
// shell in plain Node when no Electron binary is present (docs/architecture.md, "The two shells").
export default defineConfig({
  main: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          electron: resolve(import.meta.dirname, 'electron/electron-shell/main.ts'),
          start: resolve(import.meta.dirname, 'electron/launcher/start.ts'),
          // IT's command to load customers into the kiosk's own store (npm run customers).
          customers: resolve(import.meta.dirname, 'electron/tools/customers-cli.ts'),
          // IT's commands for the audit trail: verify the chain, export a range as CSV (npm run audit).
          audit: resolve(import.meta.dirname, 'electron/tools/audit-cli.ts'),
          // IT's command to add staff, the first manager of a shop included (npm run staff).
          staff: resolve(import.meta.dirname, 'electron/tools/staff-cli.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'electron/electron-shell/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    resolve: {
      alias: [
        { find: '@shared', replacement: sharedAlias['@shared'] },
        // simple-keyboard's "main" is a UMD bundle; its ESM build gives a proper default export.
        { find: /^simple-keyboard$/, replacement: 'simple-keyboard/build/index.modern.esm.js' },
      ],
    },
    plugins: [vue()],
    // Feature flags let vue and vue-i18n drop their dev tooling and legacy API.
    define: {
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      minify: true,
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
