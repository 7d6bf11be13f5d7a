import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A command that plays a WAV stream given on its stdin. */
export interface AudioPlayer {
  command: string;
  args: string[];
}

/**
 * Where the speech is heard: PulseAudio (or PipeWire's pulse server) when one
 * can be reached, named by PULSE_SERVER or the session's own socket; else
 * ALSA. `device`: a sink (or ALSA device) of its own, the headset of private
 * listening; otherwise the default one, the shop's speaker.
 */
export function audioPlayer(env: NodeJS.ProcessEnv = process.env, device?: string): AudioPlayer {
  const sessionSocket = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'pulse', 'native') : undefined;
  if (env.PULSE_SERVER || (sessionSocket && existsSync(sessionSocket))) {
    const stream = device ? ['--stream-name=private-guidance', `--device=${device}`] : ['--stream-name=guidance'];
    return { command: 'paplay', args: ['--client-name=mypage-kiosk', ...stream] };
  }
  return { command: 'aplay', args: ['-q', '-D', device ?? 'default', '-'] };
}
