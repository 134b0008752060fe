import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { queueAccountExistsMail } from '../mail/account-mails';
import type { Mailer } from '../mail/mailer';

/**
 * Someone signed up with an address that already has an account. They were answered exactly as
 * a new account would be (so the answer reveals nothing); the account's owner hears of it by
 * mail instead, with a way to log in or reset the password.
 */
export function tellOwnerOfSignupAttempt(db: Db, mailer: Mailer, existingUserId: string): void {
  const owner = db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, existingUserId)).get();
  if (owner) queueAccountExistsMail(db, mailer, owner);
}
