import { describe, expect, it } from 'vitest';
import type { SpeechEngine, Utterance } from '../../electron/core/speech/speech-engine';
import { SpeechQueue } from '../../electron/core/speech/speech-queue';

/** An engine whose utterances end when the test says so (or when stopped), recording what happened to each. */
function heldEngine() {
  const log: string[] = [];
  const pending: Array<() => void> = [];
  const engine: SpeechEngine = {
    name: 'held',
    speak: (utterance: Utterance, signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (utterance.text === 'broken') return reject(new Error('no speaker'));
        log.push(`start ${utterance.text}`);
        const end = (how: string) => {
          log.push(`${how} ${utterance.text}`);
          resolve();
        };
        signal.addEventListener('abort', () => end('stopped'), { once: true });
        pending.push(() => end('heard'));
      }),
  };
  const finishCurrent = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    pending.pop()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { engine, log, finishCurrent };
}

const say = (text: string): Utterance => ({ text, lang: 'ja', volume: 2 });

describe('the spoken-text queue', () => {
  it('says appended utterances one after the other, in order', async () => {
    const { engine, log, finishCurrent } = heldEngine();
    const queue = new SpeechQueue(engine, () => undefined);
    queue.say(say('ログイン ボタン'), 'append');
    queue.say(say('入力してください。'), 'append');
    await finishCurrent();
    await finishCurrent();
    await queue.idle();
    expect(log).toEqual(['start ログイン ボタン', 'heard ログイン ボタン', 'start 入力してください。', 'heard 入力してください。']);
  });

  it('a new screen stops what is being said at once and drops what was waiting', async () => {
    const { engine, log, finishCurrent } = heldEngine();
    const queue = new SpeechQueue(engine, () => undefined);
    queue.say(say('マイページトップ'), 'interrupt');
    queue.say(say('お知らせ'), 'append');
    await new Promise((resolve) => setImmediate(resolve));
    queue.say(say('マイページにログイン'), 'interrupt');
    await finishCurrent();
    await queue.idle();
    expect(log).toEqual(['start マイページトップ', 'stopped マイページトップ', 'start マイページにログイン', 'heard マイページにログイン']);
  });

  it('says the same words waiting twice in a row once, and stop() silences everything', async () => {
    const { engine, log } = heldEngine();
    const queue = new SpeechQueue(engine, () => undefined);
    queue.say(say('あと30秒'), 'append');
    queue.say(say('エラー'), 'append');
    queue.say(say('エラー'), 'append');
    await new Promise((resolve) => setImmediate(resolve));
    queue.stop();
    await queue.idle();
    expect(log).toEqual(['start あと30秒', 'stopped あと30秒']);
  });

  it('an engine that fails is reported and the next utterance is still said', async () => {
    const { engine, log, finishCurrent } = heldEngine();
    const errors: string[] = [];
    const queue = new SpeechQueue(engine, (error) => errors.push(error.message));
    queue.say(say('broken'), 'append');
    queue.say(say('次へ ボタン'), 'append');
    await finishCurrent();
    await queue.idle();
    expect(errors).toEqual(['no speaker']);
    expect(log).toEqual(['start 次へ ボタン', 'heard 次へ ボタン']);
  });
});
