import type { DirectoryConfig, KioskConfig } from '../../../shared/config/kiosk-config';
import { createLdapDirectory, type LdapDirectory } from '../directory/ldap-directory';
import { readOrCreateKioskId } from '../kiosk-identity';
import type { ResourceStack } from '../lifecycle/resource-stack';
import { createLogger, type Logger } from '../logger';
import { createSettingsService, type SettingsService } from '../settings/settings-service';
import { startShopClock } from '../shop/shop-clock';
import { ensurePrivateDir } from '../store/database';
import { seedDemoCustomers } from '../store/demo-seed';
import { takeInstanceLock } from '../store/instance-lock';
import { openStore, type Store } from '../store/store';

/** Who this kiosk is in its shop. */
export interface KioskIdentity {
  id: string;
  name: string;
  shop: string;
}

/** What every other part of the kiosk stands on. */
export interface Base {
  config: KioskConfig;
  log: Logger;
  kiosk: KioskIdentity;
  store: Store;
  /** The shop's one clock: the database server's on PostgreSQL (or a test's). */
  now: () => number;
  settings: SettingsService;
  /** The provider's directory, where customers' accounts live when one is configured. */
  directory?: LdapDirectory;
}

/**
 * The first parts up (and the last down): the data dir and its lock, the log,
 * the kiosk's identity, the store, the shop's clock and the settings. A start
 * that must not serve (a demo over real customers, no relay at all) stops here.
 */
export async function openBase(resources: ResourceStack, config: KioskConfig, injectedNow: (() => number) | undefined): Promise<Base> {
  ensurePrivateDir(config.dataDir);
  // One kiosk per data dir: a second would send each mail twice and fight over codes.
  await resources.use(
    () => takeInstanceLock(config.dataDir),
    (instance) => instance.release(),
  );
  const log = await resources.use(
    () => createLogger(config.dataDir),
    (logger) => logger.close(),
  );
  const kiosk = { id: readOrCreateKioskId(config.dataDir).id, name: config.kioskName, shop: config.shop };
  const store = await resources.use(
    () =>
      openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        kioskId: kiosk.id,
        shop: kiosk.shop,
        ownMailOnly: config.demo,
        allowUnverifiedTls: config.databaseUnverifiedTls,
        onConnectionError: (error) => log.warn('store connection lost while idle', { error: error.message }),
      }),
    (opened) => opened.close(),
  );
  resources.defer(() => log.info('core stopped'));
  if (config.databaseUnverifiedTls) log.warn('KIOSK_DATABASE_UNVERIFIED_TLS=1: the store\'s server is not checked (sslmode=require)');
  // The shop's one clock (the database server's), unless a test drives the time.
  const clock = injectedNow ? undefined : await resources.use(() => startShopClock(store), (started) => started.stop());
  const now = injectedNow ?? clock!.now;
  if (clock && Math.abs(clock.offsetMs) > 2_000) log.warn('this PC\'s clock differs from the store\'s: the store\'s is used', { offsetMs: clock.offsetMs });
  const settings = await createSettingsService(config, store.settings);
  if (settings.scrubbedRelayPassword) log.warn('a relay password stored by an older version was removed from the store: the relay takes its password from KIOSK_SMTP_URL');
  await refuseDemoOverRealCustomers(config, store);
  refuseNoRelay(config, settings);
  if (config.demo && (await seedDemoCustomers(store, now()))) log.info('demo customers seeded');
  const directory = config.directory && (await resources.use(() => openDirectory(config.directory!), (opened) => opened.close()));
  if (directory) log.info('accounts in the provider\'s directory', { url: config.directory!.url });
  return { config, log, kiosk, store, now, settings, ...(directory ? { directory } : {}) };
}

/** The directory, its service account tried at once: a wrong password or an unreachable directory stops the start, saying which. */
async function openDirectory(settings: DirectoryConfig): Promise<LdapDirectory> {
  const directory = createLdapDirectory({
    url: settings.url,
    baseDn: settings.baseDn,
    bindDn: settings.bindDn,
    bindPassword: settings.bindPassword,
    ...(settings.ca ? { ca: settings.ca.pem } : {}),
    attributes: {
      ...(settings.idAttribute ? { id: settings.idAttribute } : {}),
      ...(settings.mailAttribute ? { mail: settings.mailAttribute } : {}),
      ...(settings.objectClass ? { objectClass: settings.objectClass } : {}),
    },
  });
  try {
    await directory.verifyService();
  } catch (error) {
    await directory.close();
    throw new Error(`KIOSK_DIRECTORY_URL ${settings.url}: ${error instanceof Error ? error.message : 'cannot be used'}`, { cause: error });
  }
  return directory;
}

/** A demo kiosk publishes its PIN and shows codes on screen: never over a shop's real customers. */
async function refuseDemoOverRealCustomers(config: KioskConfig, store: Store): Promise<void> {
  if (!config.demo) return;
  const real = await store.customers.countNotDemo();
  if (real === 0) return;
  throw new Error(
    `demo mode refused: ${store.description} holds ${real} customer(s) the demo did not seed, and demo mode publishes its staff PIN and shows codes on screen. ` +
      'Set KIOSK_SMTP_URL (the shop\'s mail relay) and leave KIOSK_DEMO unset, or use a store of its own for a training kiosk',
  );
}

/**
 * Nothing configured at all is an operator's mistake to fix before the kiosk serves. (A stored relay
 * that no longer parses is not: the kiosk starts, mail waits in the outbox, staff see a warning.)
 */
function refuseNoRelay(config: KioskConfig, settings: SettingsService): void {
  if (config.demo || settings.current().smtpUrl || settings.warnings().length > 0) return;
  throw new Error(
    `not in demo mode and no mail relay: set KIOSK_SMTP_URL (e.g. smtp://relay.example.com:587)${
      config.databaseUrl ? '; a training shop with demo customers only sets KIOSK_DEMO=1' : ', or KIOSK_DEMO=1 for the embedded demo mailbox'
    }`,
  );
}
