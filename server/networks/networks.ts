import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { Limits } from '../../shared/limits';
import type { NetworkInvitePreview, NetworkSummary } from '../../shared/schemas/schools';
import { hashToken, newToken } from '../auth/tokens';
import { type Db, type DbOrTx, rowsChanged } from '../db/open';
import { networkInvites, networks, networkSchools, schoolAdmins, schools } from '../db/schema';
import { AppError, notFound } from '../errors';
import { newId } from '../ids';

async function summary(db: DbOrTx, networkId: string, userId: string): Promise<NetworkSummary> {
  const network = (await db.select().from(networks).where(eq(networks.id, networkId)))[0]!;
  const members = (await db
    .select({ id: schools.id, name: schools.name })
    .from(networkSchools)
    .innerJoin(schools, eq(schools.id, networkSchools.schoolId))
    .where(eq(networkSchools.networkId, networkId))
    .orderBy(asc(schools.name)));
  const led = new Set(
    (await db
      .select({ id: schoolAdmins.schoolId })
      .from(schoolAdmins)
      .where(and(eq(schoolAdmins.userId, userId), inArray(schoolAdmins.schoolId, members.map((s) => s.id)))))
      .map((r) => r.id),
  );
  return { id: network.id, name: network.name, schools: members, mine: members.filter((s) => led.has(s.id)).map((s) => s.id) };
}

/** A new network with one school in it, made by a leader of that school (policies.authorizeSchool first). */
export async function createNetwork(db: Db, userId: string, schoolId: string, name: string): Promise<NetworkSummary> {
  const id = newId();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(networks).values({ id, name, createdBy: userId, createdAt: now });
    await tx.insert(networkSchools).values({ networkId: id, schoolId, joinedBy: userId, joinedAt: now });
  });
  return await summary(db, id, userId);
}

/** The networks of the schools a person leads. */
export async function listNetworks(db: Db, userId: string): Promise<NetworkSummary[]> {
  const ids = (await db
    .selectDistinct({ id: networkSchools.networkId })
    .from(networkSchools)
    .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, networkSchools.schoolId), eq(schoolAdmins.userId, userId))))
    .map((r) => r.id);
  return (await Promise.all(ids.map((id) => summary(db, id, userId)))).toSorted((a, b) => a.name.localeCompare(b.name, 'nb'));
}

export const findNetwork = summary;

/** A link another school's leader uses to bring their school in; single use, for two weeks. */
export async function createNetworkInvite(db: Db, networkId: string, userId: string, origin: string) {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + Limits.network.inviteDays * 86_400_000);
  await db.insert(networkInvites).values({ id: newId(), networkId, tokenHash: hashToken(token), createdBy: userId, createdAt: now, expiresAt });
  return { token, url: `${origin}/networks/join/${token}`, expiresAt: expiresAt.toISOString() };
}

async function liveInvite(db: DbOrTx, token: string) {
  const row = (await db
    .select()
    .from(networkInvites)
    .where(and(eq(networkInvites.tokenHash, hashToken(token)), isNull(networkInvites.usedAt), gt(networkInvites.expiresAt, new Date()))))[0];
  if (!row) throw new AppError(404, 'link_invalid', 'This invitation was used, has expired or never existed');
  return row;
}

/** What an invitation is to, for whoever holds the link (signed in). */
export async function previewNetworkInvite(db: Db, token: string): Promise<NetworkInvitePreview> {
  const invite = await liveInvite(db, token);
  const network = (await db.select({ name: networks.name }).from(networks).where(eq(networks.id, invite.networkId)))[0]!;
  const names = (await db
    .select({ name: schools.name })
    .from(networkSchools)
    .innerJoin(schools, eq(schools.id, networkSchools.schoolId))
    .where(eq(networkSchools.networkId, invite.networkId))
    .orderBy(asc(schools.name)))
    .map((s) => s.name);
  return { networkName: network.name, schools: names, expiresAt: invite.expiresAt.toISOString() };
}

/** Brings `schoolId` into the invitation's network (its leader accepts: policies.authorizeSchool first). */
export async function acceptNetworkInvite(db: Db, token: string, schoolId: string, userId: string): Promise<NetworkSummary> {
  return await db.transaction(async (tx) => {
    const invite = await liveInvite(tx, token);
    // Both checks are part of the writes, so two acceptances racing cannot both pass them.
    const joined = await tx.insert(networkSchools)
      .values({ networkId: invite.networkId, schoolId, joinedBy: userId, joinedAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: networkSchools.schoolId });
    if (joined.length === 0) throw new AppError(409, 'conflict', 'This school is in the network already');
    const now = new Date();
    const used = await tx.update(networkInvites)
      .set({ usedAt: now, usedBySchool: schoolId })
      .where(and(eq(networkInvites.id, invite.id), isNull(networkInvites.usedAt), gt(networkInvites.expiresAt, now)));
    if (rowsChanged(used) !== 1) throw new AppError(404, 'link_invalid', 'This invitation was used, has expired or never existed');
    return await summary(tx, invite.networkId, userId);
  });
}

/** Takes a school out of a network; a network without schools is gone. */
export async function leaveNetwork(db: Db, networkId: string, schoolId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = (await tx.delete(networkSchools).where(and(eq(networkSchools.networkId, networkId), eq(networkSchools.schoolId, schoolId))));
    if (rowsChanged(removed) === 0) throw notFound('This school is not in the network');
    const left = (await tx.select({ id: networkSchools.schoolId }).from(networkSchools).where(eq(networkSchools.networkId, networkId)))[0];
    if (!left) await tx.delete(networks).where(eq(networks.id, networkId));
  });
}
