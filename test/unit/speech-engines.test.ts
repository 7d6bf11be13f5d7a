import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audioPlayer } from '../../electron/core/speech/audio-output';
import { createEspeakEngine } from '../../electron/core/speech/espeak-engine';
import { JapaneseReading } from '../../electron/core/speech/japanese-reading';
import { createOpenJtalkEngine } from '../../electron/core/speech/open-jtalk-engine';
import { runPipeline } from '../../electron/core/speech/run-pipeline';
import type { SpeechEngine, Utterance } from '../../electron/core/speech/speech-engine';
import { makeTempDir } from '../support/temp-dir';
import { startTestCore, type TestCore } from '../support/test-core';

const temps: Array<{ cleanup: () => void }> = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.cleanup()));

/** A stand-in command that writes its arguments and its stdin to files, then plays nothing. */
function recordingCommand(name: string): { command: string; args: () => string[]; input: () => string } {
  const temp = makeTempDir();
  temps.push(temp);
  const command = join(temp.dir, name);
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$@" > "${temp.dir}/args"\ncat > "${temp.dir}/input"\n`);
  chmodSync(command, 0o755);
  return {
    command,
    args: () => readFileSync(join(temp.dir, 'args'), 'utf8').trim().split('\n'),
    input: () => readFileSync(join(temp.dir, 'input'), 'utf8'),
  };
}

const never = new AbortController().signal;

describe('the speech pipeline (synthesiser | player)', () => {
  it('gives the text to the synthesiser on stdin, never on its command line, and its sound to the player', async () => {
    const player = recordingCommand('player');
    await runPipeline({ command: 'printf', args: ['RIFF-sound'] }, { command: player.command, args: [] }, 'Hanako_2026', never);
    expect(player.input()).toBe('RIFF-sound');
    const synth = recordingCommand('synth');
    await runPipeline({ command: synth.command, args: ['-v', 'ja'] }, { command: 'true', args: [] }, 'パスワード', never);
    expect(synth.args()).toEqual(['-v', 'ja']);
    expect(synth.input()).toBe('パスワード');
  });

  it('stops at once when aborted: the player is killed, the promise settles', async () => {
    const controller = new AbortController();
    const heard = runPipeline({ command: 'cat', args: [] }, { command: 'sleep', args: ['30'] }, 'long', controller.signal);
    setImmediate(() => controller.abort());
    await expect(heard).resolves.toBeUndefined();
  });

  it('fails with the command that failed, never with the text', async () => {
    await expect(runPipeline({ command: 'no-such-synth', args: [] }, { command: 'true', args: [] }, 'Hanako_2026', never)).rejects.toThrow(/^no-such-synth: spawn no-such-synth ENOENT$/);
    const failed = runPipeline({ command: 'sh', args: ['-c', 'cat >/dev/null; exit 3'] }, { command: 'cat', args: [] }, 'Hanako_2026', never);
    await expect(failed).rejects.toThrow('sh exited with 3');
  });

  it('plays through PulseAudio when one is named or the session has one, else ALSA', () => {
    expect(audioPlayer({ PULSE_SERVER: 'unix:/run/pulse/native' }).command).toBe('paplay');
    expect(audioPlayer({ XDG_RUNTIME_DIR: '/nonexistent' })).toEqual({ command: 'aplay', args: ['-q', '-D', 'default', '-'] });
  });
});

describe('the engines behind the port', () => {
  const reading = new JapaneseReading();
  const utterance = (text: string, lang: 'ja' | 'en', volume: 1 | 2 | 3 = 2): Utterance => ({ text, lang, volume });

  it('espeak-ng speaks Japanese from its reading, English as it is, louder at 「大」', async () => {
    const espeak = recordingCommand('espeak-ng');
    const engine = createEspeakEngine(reading, { command: 'true', args: [] }, espeak.command);
    await engine.speak(utterance('新しいパスワードを入力', 'ja', 3), never);
    expect(espeak.input()).toBe('アタラシイパスワードをニュウリョク');
    expect(espeak.args()).toEqual(['-v', 'ja', '-a', '170', '-s', '150', '--stdout']);
    await engine.speak(utterance('Sign in to My Page', 'en', 1), never);
    expect(espeak.input()).toBe('Sign in to My Page');
    expect(espeak.args().slice(0, 4)).toEqual(['-v', 'en-us', '-a', '50']);
  });

  it('Open JTalk gets the screen text with its voice and dictionary; English goes to the other engine', async () => {
    const jtalk = recordingCommand('open_jtalk');
    const english: string[] = [];
    const fallback: SpeechEngine = { name: 'en', speak: async (u) => void english.push(u.text) };
    const engine = createOpenJtalkEngine({ voice: '/voices/mei.htsvoice', dictionary: '/dic' }, fallback, { command: 'true', args: [] }, jtalk.command);
    await engine.speak(utterance('変更が完了しました', 'ja', 1), never);
    expect(jtalk.input()).toBe('変更が完了しました');
    expect(jtalk.args()).toEqual(['-x', '/dic', '-m', '/voices/mei.htsvoice', '-g', '-8', '-ow', '/dev/stdout']);
    await engine.speak(utterance('Done', 'en'), never);
    expect(english).toEqual(['Done']);
  });
});

describe('speech through the core', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('the page asks, the core speaks; 「もう一度聞く」 says the last screen again, and nothing of a customer who left', async () => {
    const heard: string[] = [];
    const engine: SpeechEngine = { name: 'spy', speak: async (u) => void heard.push(`${u.lang}:${u.volume}:${u.text}`) };
    t = await startTestCore({}, { speechEngine: engine });
    const call = (channel: Parameters<TestCore['core']['dispatch']>[1], input: unknown = {}) => t!.core.dispatch({ windowId: 'w' }, channel, input);
    expect(await call('speech.repeat', { volume: 2 })).toMatchObject({ ok: false, code: 'not_available' });
    expect(await call('speech.say', { text: 'マイページにログイン', lang: 'ja', volume: 3, kind: 'screen' })).toEqual({ ok: true, value: null });
    expect(await call('speech.say', { text: 'ログイン ボタン', lang: 'ja', volume: 3, kind: 'focus' })).toEqual({ ok: true, value: null });
    expect(await call('speech.repeat', { volume: 1 })).toEqual({ ok: true, value: null });
    expect(await call('speech.say', { text: 'hi', lang: 'fr', volume: 2, kind: 'screen' })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await call('speech.say', { text: 'x'.repeat(2001), lang: 'en', volume: 2, kind: 'screen' })).toMatchObject({ ok: false, code: 'invalid_input' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['ja:3:マイページにログイン', 'ja:3:ログイン ボタン', 'ja:1:マイページにログイン']);

    // A customer signs in and out at the window: nothing of theirs is left to repeat.
    await call('session.signIn', { itscomId: 'yamada.taro', password: 'Demo-pass1' });
    await call('speech.say', { text: 'マイページトップ', lang: 'ja', volume: 2, kind: 'screen' });
    await call('session.signOut');
    expect(await call('speech.repeat', { volume: 2 })).toMatchObject({ ok: false, code: 'not_available' });
  });

  it('furigana come from the same analyser; a kiosk with speech off says so', async () => {
    t = await startTestCore();
    expect(await t.core.dispatch({ windowId: 'w' }, 'reading.furigana', { texts: ['変更', 'ID'] })).toEqual({
      ok: true,
      value: [[{ text: '変更', reading: 'へんこう' }], [{ text: 'ID' }]],
    });
    expect(await t.core.dispatch({ windowId: 'w' }, 'speech.say', { text: 'a', lang: 'en', volume: 2, kind: 'screen' })).toMatchObject({ ok: false, code: 'not_available' });
  });
});
