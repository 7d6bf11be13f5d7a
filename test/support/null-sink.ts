import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from './temp-dir';

const run = promisify(execFile);
const RATE = 16_000;
/** 20 ms windows: loud enough in one of them is "audible". */
const WINDOW = RATE / 50;
/** RMS of 16-bit samples; espeak-ng at 「小」 is in the thousands, an idle sink is 0. */
const AUDIBLE_RMS = 300;

/**
 * A PulseAudio server of the test's own whose only output is a null sink:
 * what a kiosk plays through it is recorded from the sink's monitor, as a
 * microphone in front of the speaker would hear it, with the time each
 * 20 ms window arrived.
 */
export interface NullSink extends Heard {
  /** For the kiosk's environment: its PULSE_SERVER. */
  server: string;
  stop(): Promise<void>;
}

/** What is heard on one sink (the shop's speaker, or a headset): recorded from its monitor, as a microphone in front of it would hear it. */
export interface Heard {
  /** Resolves with the time sound was first heard at or after `since` (rejects after `withinMs`). */
  soundAfter(since: number, withinMs: number): Promise<number>;
  /** The audible windows heard between two moments: when, and how loud (RMS). */
  audibleBetween(from: number, to: number): Array<{ at: number; rms: number }>;
}

/** Records a sink's monitor in 20 ms windows, keeping the audible ones. */
function listenTo(sink: string, env: NodeJS.ProcessEnv): Heard & { recorder: ChildProcess } {
  const recorder = spawn('parecord', [`--device=${sink}.monitor`, '--raw', '--format=s16le', `--rate=${RATE}`, '--channels=1', '--latency-msec=20'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const audible: Array<{ at: number; rms: number }> = [];
  const waiters = new Set<{ since: number; resolve: (at: number) => void }>();
  let carry = Buffer.alloc(0);
  recorder.stdout!.on('data', (chunk: Buffer) => {
    const now = Date.now();
    carry = Buffer.concat([carry, chunk]);
    while (carry.length >= WINDOW * 2) {
      let sum = 0;
      for (let i = 0; i < WINDOW; i += 1) sum += carry.readInt16LE(i * 2) ** 2;
      carry = carry.subarray(WINDOW * 2);
      const rms = Math.sqrt(sum / WINDOW);
      if (rms < AUDIBLE_RMS) continue;
      audible.push({ at: now, rms });
      for (const waiter of waiters) if (now >= waiter.since) waiter.resolve(now);
    }
  });
  return {
    recorder,
    soundAfter(since, withinMs) {
      const heard = audible.find((window) => window.at >= since);
      if (heard !== undefined) return Promise.resolve(heard.at);
      return new Promise((resolve, reject) => {
        const waiter = {
          since,
          resolve: (at: number) => {
            waiters.delete(waiter);
            clearTimeout(timer);
            resolve(at);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no sound within ${withinMs} ms`));
        }, since + withinMs - Date.now());
        waiters.add(waiter);
      });
    },
    audibleBetween: (from, to) => audible.filter((window) => window.at >= from && window.at <= to),
  };
}

/** The speaker's sink (the default one) and, where asked, a headset's beside it (`kiosk_headset`). */
export async function startNullSink({ headset = false } = {}): Promise<NullSink & { headset: Heard | undefined }> {
  const temp = makeTempDir('kiosk-pulse-');
  const socket = join(temp.dir, 'native');
  const env = { ...process.env, HOME: temp.dir, XDG_RUNTIME_DIR: temp.dir, PULSE_SERVER: `unix:${socket}` };
  const sinks = ['--load=module-null-sink sink_name=kiosk_speaker', ...(headset ? ['--load=module-null-sink sink_name=kiosk_headset'] : [])];
  const daemon: ChildProcess = spawn(
    'pulseaudio',
    ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--disallow-module-loading', ...sinks, `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`],
    { env, stdio: 'ignore' },
  );
  // Ready once the socket answers (pactl exits 0), each try awaited in turn.
  for (let tries = 0; ; tries += 1) {
    if (daemon.exitCode !== null) throw new Error(`pulseaudio exited (${daemon.exitCode})`);
    if (existsSync(socket) && (await run('pactl', ['info'], { env }).then(() => true, () => false))) break;
    if (tries > 200) throw new Error('pulseaudio did not start');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // The first sink loaded is the default: the shop's speaker, where unnamed streams play.
  await run('pactl', ['set-default-sink', 'kiosk_speaker'], { env });
  const speaker = listenTo('kiosk_speaker', env);
  const phones = headset ? listenTo('kiosk_headset', env) : undefined;
  return {
    server: env.PULSE_SERVER,
    soundAfter: speaker.soundAfter,
    audibleBetween: speaker.audibleBetween,
    headset: phones,
    async stop() {
      const children = [speaker.recorder, ...(phones ? [phones.recorder] : []), daemon];
      for (const child of children) child.kill();
      const exited = (child: ChildProcess) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve());
      await Promise.all(children.map(exited));
      temp.cleanup();
    },
  };
}

/**
 * A spy on the speech engine's input: an `espeak-ng` first on the kiosk's PATH
 * that copies what it is given to a file, then runs the real one.
 */
export function speechSpy(): { path: string; heard: () => string; cleanup: () => void } {
  const temp = makeTempDir('kiosk-speech-spy-');
  const log = join(temp.dir, 'engine-input.txt');
  writeFileSync(log, '');
  const wrapper = join(temp.dir, 'espeak-ng');
  writeFileSync(wrapper, `#!/bin/sh\n{ cat; echo; } | tee -a "${log}" | exec /usr/bin/espeak-ng "$@"\n`);
  chmodSync(wrapper, 0o755);
  return { path: `${temp.dir}:${process.env.PATH ?? ''}`, heard: () => readFileSync(log, 'utf8'), cleanup: temp.cleanup };
}

/** The spy as a Playwright fixture: made for a test, removed after it. */
export async function speechSpyFixture({}: object, use: (spy: ReturnType<typeof speechSpy>) => Promise<void>): Promise<void> {
  const spy = speechSpy();
  await use(spy);
  spy.cleanup();
}

