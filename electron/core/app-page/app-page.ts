import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The renderer's built files and the rules for serving them, shared by both
 * shells (Electron's protocol handler, the Chromium shell's request routing).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Built renderer folder, relative to the bundled main-process file (out/main → out/renderer). */
export function rendererDir(fromModuleUrl: string): string {
  return fileURLToPath(new URL('../renderer/', fromModuleUrl));
}

export interface AppFile {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Reads the file a URL path names, confined to `root` (no `..` escape).
 * The app routes in memory, so there is no fallback to index.html: anything
 * not built is a 404.
 */
export async function readAppFile(root: string, urlPath: string): Promise<AppFile> {
  const relative = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/').replace(/^\/+/, '') || 'index.html';
  const full = resolve(root, relative);
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  if (full !== resolve(root) && !full.startsWith(resolve(root) + sep)) {
    return { status: 403, headers, body: Buffer.alloc(0) };
  }
  try {
    const body = await readFile(full);
    return {
      status: 200,
      headers: { ...headers, 'Content-Type': CONTENT_TYPES[extname(full)] ?? 'application/octet-stream' },
      body,
    };
  } catch {
    return { status: 404, headers, body: Buffer.alloc(0) };
  }
}
