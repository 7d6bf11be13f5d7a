import { z } from 'zod';
import type { ChannelName } from './channels';
import type { AccountOverview, CustomerSummary } from './models';
import { signInSchema } from '../rules/sign-in';

const noInput = z.object({}).strict();

/**
 * The input schema of every channel. The core's dispatcher parses every call
 * with it before any handler runs; `satisfies` keeps it in step with channelNames.
 */
export const inputSchemas = {
  'session.signIn': signInSchema,
  'session.signOut': noInput,
  'session.current': noInput,
  'account.overview': noInput,
} as const satisfies Record<ChannelName, z.ZodTypeAny>;

/** The value each channel returns on success. */
export interface ChannelOutputs {
  'session.signIn': CustomerSummary;
  'session.signOut': null;
  'session.current': CustomerSummary | null;
  'account.overview': AccountOverview;
}

export type ChannelInput<C extends ChannelName> = z.input<(typeof inputSchemas)[C]>;
export type ParsedInput<C extends ChannelName> = z.output<(typeof inputSchemas)[C]>;
export type ChannelOutput<C extends ChannelName> = ChannelOutputs[C];
