import { spawn } from 'node:child_process';

export interface Stage {
  command: string;
  args: string[];
}

/**
 * Runs `synth | play`: the text goes to the synthesiser's stdin (never its
 * command line, where `ps` would show it), its WAV output to the player.
 * Settles when the player has finished, or at once when `signal` aborts
 * (both are killed). Rejects with what failed, never with the text.
 */
export function runPipeline(synth: Stage, play: Stage, text: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve();
    const synthesiser = spawn(synth.command, synth.args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const player = spawn(play.command, play.args, { stdio: ['pipe', 'ignore', 'ignore'] });
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      if (error) {
        synthesiser.kill('SIGKILL');
        player.kill('SIGKILL');
        reject(error);
      } else resolve();
    };
    const stop = () => {
      synthesiser.kill('SIGKILL');
      player.kill('SIGKILL');
      finish();
    };
    signal.addEventListener('abort', stop, { once: true });
    synthesiser.on('error', (error) => finish(new Error(`${synth.command}: ${error.message}`)));
    player.on('error', (error) => finish(new Error(`${play.command}: ${error.message}`)));
    // A player killed mid-stream closes the pipe: that is the stop, not a failure.
    synthesiser.stdout.on('error', () => undefined);
    player.stdin.on('error', () => undefined);
    synthesiser.stdin.on('error', () => undefined);
    synthesiser.stdout.pipe(player.stdin);
    // Heard when both have ended: the player with success, the synthesiser with success or
    // cut off by a player that had all it needed (SIGPIPE).
    let synthDone = false;
    let playerDone = false;
    synthesiser.on('exit', (code, killedBy) => {
      if (code !== 0 && !killedBy) return finish(new Error(`${synth.command} exited with ${code}`));
      synthDone = true;
      if (playerDone) finish();
    });
    player.on('exit', (code, killedBy) => {
      if (code !== 0 && !killedBy) return finish(new Error(`${play.command} exited with ${code}`));
      playerDone = true;
      if (synthDone) finish();
    });
    synthesiser.stdin.end(text);
  });
}
