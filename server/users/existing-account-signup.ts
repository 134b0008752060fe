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
export async function tellOwnerOfSignupAttempt(db: Db, mailer: Mailer, existingUserId: string): Promise<void> {
  const owner = (await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, existingUserId)))[0];
  if (owner) await queueAccountExistsMail(db, mailer, owner);
}
