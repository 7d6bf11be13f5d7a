import { fail, ok } from '../../../shared/contract/result';
import { accountOverview } from '../account/account-service';
import type { SessionRegistry } from '../auth/session-registry';
import type { SignInService } from '../auth/sign-in-service';
import type { CustomersRepo } from '../store/customers-repo';
import type { CallContext, Handlers } from './dispatcher';

export interface HandlerDeps {
  customers: CustomersRepo;
  sessions: SessionRegistry;
  signIn: SignInService;
  now: () => number;
}

/** Each handler: input already parsed by the dispatcher, one service call, a typed result. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { customers, sessions, signIn, now } = deps;

  const signedInCustomer = (ctx: CallContext) => {
    const session = sessions.get(ctx.windowId);
    return session ? customers.findById(session.customerId) : undefined;
  };

  return {
    'session.signIn': (ctx, input) => signIn.signIn(ctx.windowId, input),
    'session.signOut': (ctx) => {
      sessions.end(ctx.windowId, 'signed_out');
      return ok(null);
    },
    'session.current': (ctx) => {
      const customer = signedInCustomer(ctx);
      return ok(customer ? { itscomId: customer.itscomId, isLegacyId: customer.isLegacyId } : null);
    },
    'account.overview': (ctx) => {
      const customer = signedInCustomer(ctx);
      return customer ? ok(accountOverview(customer, new Date(now()))) : fail('not_signed_in');
    },
  };
}
