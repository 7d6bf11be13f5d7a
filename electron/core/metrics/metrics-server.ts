import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger';
import type { KioskMetrics } from './kiosk-metrics';

/**
 * `KIOSK_METRICS_LISTEN`: `/metrics` for Prometheus and `/healthz` (JSON;
 * 200 when ready, 503 when not, with why) for IT's checks. Only GET (and
 * HEAD); nothing else is served, nothing is written, no customer data is in
 * either answer.
 */
export async function serveMetrics(metrics: KioskMetrics, listen: { host: string; port: number }, log: Logger): Promise<{ address: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/metrics') {
        const text = await metrics.render();
        response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text);
      } else if (path === '/healthz') {
        const health = await metrics.health();
        response.writeHead(health.ready ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : JSON.stringify(health));
      } else {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: /metrics and /healthz are served here\n');
      }
    };
    answer().catch((error: unknown) => {
      log.warn('metrics request failed', { path, error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
      if (!response.headersSent) response.writeHead(500).end();
      else response.end();
    });
  });
  // A scraper that keeps its connection open must not hold the kiosk's stop.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const address = typeof bound === 'object' && bound ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}` : String(bound);
  log.info('metrics served', { address });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
