import { asc, eq } from 'drizzle-orm';
import type { Account, OrgUnit } from '../../shared/schemas/account';
import type { DbOrTx } from '../db/open';
import { userIdentities, users } from '../db/schema';

/** The school units the person's identity provider vouched for at their latest sign-ins. */
export async function orgUnitsOf(db: DbOrTx, userId: string): Promise<OrgUnit[]> {
  const seen = new Map<string, OrgUnit>();
  const rows = (await db.select({ units: userIdentities.orgUnits }).from(userIdentities).where(eq(userIdentities.userId, userId)));
  for (const { units } of rows) for (const unit of units) if (!seen.has(unit.id)) seen.set(unit.id, unit);
  return [...seen.values()];
}

/** How a person signs in: a password or not, and which provider identities are linked. */
export async function loadAccount(db: DbOrTx, userId: string, providerName: string): Promise<Account> {
  const user = (await db.select().from(users).where(eq(users.id, userId)))[0]!;
  const identities = (await db
    .select()
    .from(userIdentities)
    .where(eq(userIdentities.userId, userId))
    .orderBy(asc(userIdentities.createdAt)))
    .map((i) => ({ id: i.id, provider: providerName, feideId: i.feideId, createdAt: i.createdAt.toISOString(), lastLoginAt: i.lastLoginAt.toISOString() }));
  return {
    user: { id: user.id, email: user.email, name: user.name },
    hasPassword: user.passwordHash !== null,
    identities,
    orgUnits: await orgUnitsOf(db, userId),
  };
}
