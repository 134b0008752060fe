import type { Db } from '../db/open';
import type { Logger } from '../log';

/**
 * Someone signed up with an address that already has an account. They were answered exactly as
 * a new account would be (so the answer reveals nothing); the account's owner should hear of it.
 * Until Fellesrom sends e-mail (issue 14), this only logs it; that branch makes it send the owner
 * a mail ("someone tried to make an account with your address; if it was you, log in or reset
 * your password").
 */
export function tellOwnerOfSignupAttempt(_db: Db, log: Logger, existingUserId: string): void {
  log.info('sign-up with an address that already has an account', { userId: existingUserId });
}
