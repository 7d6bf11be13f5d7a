import { channelAudiences, type CallerState } from '../../../shared/contract/audiences';
import { isChannelName, isProcedureStep, type ChannelName } from '../../../shared/contract/channels';
import { inputSchemas, type ChannelOutput, type ParsedInput } from '../../../shared/contract/contract';
import { asReason, type Reason } from '../../../shared/contract/reasons';
import { fail, type KioskResult } from '../../../shared/contract/result';
import { oneAtATime } from '../auth/one-at-a-time';
import type { Logger } from '../logger';
import { storeFailure } from '../store/store-errors';
import { audienceRefusal } from './audience-check';

/** Who is calling: the window (one customer screen) the call came from. */
export interface CallContext {
  windowId: string;
}

export type Handler<C extends ChannelName> = (
  ctx: CallContext,
  input: ParsedInput<C>,
) => Promise<KioskResult<ChannelOutput<C>>> | KioskResult<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export type Dispatch = (ctx: CallContext, channel: unknown, input: unknown) => Promise<KioskResult<unknown>>;

/** Our schemas' messages are reason keys; zod's own (wrong type, extra key) map to generic ones. */
function reasonOf(issue: { code: string; message: string } | undefined): Reason {
  if (issue?.code === 'unrecognized_keys') return 'errors.unexpectedField';
  return issue ? asReason(issue.message) : 'errors.invalid';
}

/**
 * The single entry for every call from either shell. It rejects unknown
 * channels, parses the input with the contract's schema, and refuses a caller
 * outside the channel's audience (the contract's channelAudiences, checked
 * against `callerState`), all before any handler runs; a handler that throws becomes a typed error (`store_full`,
 * `store_busy`, else `internal`). The steps of a window's procedures run one
 * at a time, in arrival order: a burst of taps (50 「認証コードを再送する」 at
 * once) is taken step by step, each seeing where the last left the procedure,
 * and its audience is checked when its turn comes. Inputs are never logged:
 * they may hold passwords or codes.
 */
export function createDispatcher(handlers: Handlers, log: Logger, callerState: (ctx: CallContext) => CallerState): Dispatch {
  const inLine = oneAtATime();
  return async (ctx, channel, input) => {
    if (!isChannelName(channel)) return fail('unknown_channel');
    const parsed = inputSchemas[channel].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0];
      return fail('invalid_input', {
        ...(typeof field === 'string' ? { field } : {}),
        reason: reasonOf(issue),
      });
    }
    const run = async (): Promise<KioskResult<unknown>> => {
      const refused = audienceRefusal(channelAudiences[channel], callerState(ctx));
      if (refused) return refused;
      try {
        const handler = handlers[channel] as Handler<ChannelName>;
        return await handler(ctx, parsed.data as ParsedInput<ChannelName>);
      } catch (error) {
        // A store that is full or locked has changed nothing (each change is one transaction): say which.
        const store = storeFailure(error);
        log.error('handler failed', { channel, error: error instanceof Error ? error.message : 'unknown', ...(store ? { store } : {}) });
        return fail(store ?? 'internal');
      }
    };
    return isProcedureStep(channel) ? inLine(ctx.windowId, run) : run();
  };
}
