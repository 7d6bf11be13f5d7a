import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { OpeningState } from '../../../shared/domain/opening-hours';
import type { PrinterStatusView } from '../../../shared/contract/models';
import type { FunnelRecord } from '../funnel/funnel-tracker';
import type { Liveness } from '../lifecycle/liveness';
import { checkHealth, type HealthReport } from './health';

/** What the metrics read at each scrape. None of it names a customer. */
export interface MetricsSources {
  version: string;
  mode: 'demo' | 'production';
  engine: 'sqlite' | 'postgres';
  kiosk: { name: string; shop: string };
  /** One round trip to the store. */
  pingStore: () => Promise<void>;
  /** Where the store's own error text goes when the round trip fails (the log): /healthz says only "store unavailable". */
  storeFailed?: (detail: string) => void;
  /** This kiosk's mail still to send. */
  pendingMail: () => Promise<{ count: number; oldestAt: number | null }>;
  printer: () => PrinterStatusView;
  /** The shop's calls for staff not yet answered: when each was made. */
  openCalls: () => Promise<{ at: number }[]>;
  hours: () => OpeningState;
  liveness: Liveness;
  now: () => number;
}

export interface KioskMetrics {
  readonly registry: Registry;
  /** A procedure's event (started, reached a step, completed, abandoned and why). */
  funnel(entry: FunnelRecord): void;
  /** An error the kiosk logged, by its message (a fixed text of the code, never a customer's data). */
  error(kind: string): void;
  health(): Promise<HealthReport>;
  /** The text a scrape gets (Prometheus text format, version 0.0.4). */
  render(): Promise<string>;
}

/**
 * The kiosk's Prometheus metrics (prom-client), one registry per core:
 * up and version, the store's reachability and round trip, the mail
 * backlog and its oldest mail's age, the printer's state and reasons, the
 * procedures' funnel, errors by kind, staff calls, the opening hours and the
 * process's own (memory, CPU, event loop). Store and mail are read at each
 * scrape (one health check serves both); the printer is the watch's last answer.
 */
export function createKioskMetrics(sources: MetricsSources): KioskMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ kiosk: sources.kiosk.name, shop: sources.kiosk.shop });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters (promtool's lint refuses them); the handles are not what IT watches a kiosk for.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const registers = [registry];

  // One health check per scrape, shared by the gauges that read it (render() takes it first).
  let snapshot: Promise<HealthReport> | undefined;
  const scraped = () => snapshot ?? checkHealth(sources);

  new Gauge({ name: 'kiosk_up', help: '1 while the kiosk process answers', registers, collect() { this.set(1); } });
  new Gauge({
    name: 'kiosk_info',
    help: 'The kiosk version, mode and store engine (always 1)',
    labelNames: ['version', 'mode', 'engine'] as const,
    registers,
    collect() {
      this.set({ version: sources.version, mode: sources.mode, engine: sources.engine }, 1);
    },
  });
  /** A gauge read from the scrape's health check: unset (left out of the scrape) when the check could not tell. */
  const healthGauge = (name: string, help: string, read: (health: HealthReport) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const value = read(await scraped());
        if (value !== undefined) this.set(value);
      },
    });
  const flag = (yes: boolean) => (yes ? 1 : 0);
  healthGauge('kiosk_ready', '1 when the kiosk can serve customers (store reachable, page answering)', (h) => flag(h.ready));
  healthGauge('kiosk_store_up', '1 when the store answered its last round trip', (h) => flag(h.checks.store.ok));
  healthGauge('kiosk_store_round_trip_seconds', 'How long the store took to answer one round trip at the last scrape', (h) =>
    h.checks.store.ms === undefined ? undefined : h.checks.store.ms / 1000,
  );
  healthGauge('kiosk_outbox_pending', 'Mail this kiosk queued that is not sent yet', (h) => h.checks.mail.pending);
  healthGauge('kiosk_outbox_oldest_pending_age_seconds', 'How long the oldest mail not sent yet has waited (0 when none waits)', (h) => h.checks.mail.oldestAgeSeconds);
  healthGauge('kiosk_staff_calls_open', 'Calls for staff of the shop not answered yet', (h) => h.checks.calls.open);
  healthGauge('kiosk_staff_call_oldest_age_seconds', 'How long the oldest unanswered call for staff has waited (0 when none waits)', (h) => h.checks.calls.oldestAgeSeconds);
  new Gauge({
    name: 'kiosk_printer_ready',
    help: '1 when the printer can print a slip now',
    registers,
    collect() {
      const printer = sources.printer();
      this.set(flag(printer.problem === null && printer.state !== 'unknown'));
    },
  });
  const printerStates = ['idle', 'printing', 'stopped', 'unknown', 'none'] as const;
  new Gauge({
    name: 'kiosk_printer_state',
    help: 'The printer state as CUPS and the printer report it (1 for the current one)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const { state } = sources.printer();
      for (const each of printerStates) this.set({ state: each }, each === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'kiosk_printer_reason',
    help: 'The printer state reasons reported now (IPP keywords such as media-empty)',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const reason of sources.printer().reasons) this.set({ reason }, 1);
    },
  });
  new Gauge({
    name: 'kiosk_open',
    help: '1 within the shop\'s opening hours (customers served), 0 outside them',
    registers,
    collect() {
      this.set(flag(sources.hours().open));
    },
  });

  const started = new Counter({ name: 'kiosk_procedures_started_total', help: 'Customer procedures begun, per kind', labelNames: ['kind'] as const, registers });
  const reached = new Counter({ name: 'kiosk_procedure_steps_total', help: 'Steps of customer procedures reached, per kind and step', labelNames: ['kind', 'step'] as const, registers });
  const completed = new Counter({ name: 'kiosk_procedures_completed_total', help: 'Customer procedures completed, per kind', labelNames: ['kind'] as const, registers });
  const abandoned = new Counter({
    name: 'kiosk_procedures_abandoned_total',
    help: 'Customer procedures left before their end, per kind, step and why (idle, back, sign-out, window)',
    labelNames: ['kind', 'step', 'reason'] as const,
    registers,
  });
  const errors = new Counter({ name: 'kiosk_errors_total', help: 'Errors the kiosk logged, per kind', labelNames: ['kind'] as const, registers });

  return {
    registry,
    funnel: ({ kind, step, event, reason }) => {
      if (event === 'started') started.inc({ kind });
      else if (event === 'reached') reached.inc({ kind, step });
      else if (event === 'completed') completed.inc({ kind });
      else abandoned.inc({ kind, step, reason: reason ?? 'window' });
    },
    error: (kind) => errors.inc({ kind: kind.slice(0, 80) }),
    health: () => checkHealth(sources),
    render: async () => {
      snapshot = checkHealth(sources);
      try {
        return await registry.metrics();
      } finally {
        snapshot = undefined;
      }
    },
  };
}
