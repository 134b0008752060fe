import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { Limits } from '../../shared/limits';
import type { NetworkInvitePreview, NetworkSummary } from '../../shared/schemas/schools';
import { hashToken, newToken } from '../auth/tokens';
import type { Db } from '../db/open';
import { networkInvites, networks, networkSchools, schoolAdmins, schools } from '../db/schema';
import { AppError, notFound } from '../errors';
import { newId } from '../ids';

function summary(db: Db, networkId: string, userId: string): NetworkSummary {
  const network = db.select().from(networks).where(eq(networks.id, networkId)).get()!;
  const members = db
    .select({ id: schools.id, name: schools.name })
    .from(networkSchools)
    .innerJoin(schools, eq(schools.id, networkSchools.schoolId))
    .where(eq(networkSchools.networkId, networkId))
    .orderBy(asc(schools.name))
    .all();
  const led = new Set(
    db
      .select({ id: schoolAdmins.schoolId })
      .from(schoolAdmins)
      .where(and(eq(schoolAdmins.userId, userId), inArray(schoolAdmins.schoolId, members.map((s) => s.id))))
      .all()
      .map((r) => r.id),
  );
  return { id: network.id, name: network.name, schools: members, mine: members.filter((s) => led.has(s.id)).map((s) => s.id) };
}

/** A new network with one school in it, made by a leader of that school (policies.authorizeSchool first). */
export function createNetwork(db: Db, userId: string, schoolId: string, name: string): NetworkSummary {
  const id = newId();
  const now = new Date();
  db.transaction((tx) => {
    tx.insert(networks).values({ id, name, createdBy: userId, createdAt: now }).run();
    tx.insert(networkSchools).values({ networkId: id, schoolId, joinedBy: userId, joinedAt: now }).run();
  });
  return summary(db, id, userId);
}

/** The networks of the schools a person leads. */
export function listNetworks(db: Db, userId: string): NetworkSummary[] {
  const ids = db
    .selectDistinct({ id: networkSchools.networkId })
    .from(networkSchools)
    .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, networkSchools.schoolId), eq(schoolAdmins.userId, userId)))
    .all()
    .map((r) => r.id);
  return ids.map((id) => summary(db, id, userId)).toSorted((a, b) => a.name.localeCompare(b.name, 'nb'));
}

export const findNetwork = summary;

/** A link another school's leader uses to bring their school in; single use, for two weeks. */
export function createNetworkInvite(db: Db, networkId: string, userId: string, origin: string) {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + Limits.network.inviteDays * 86_400_000);
  db.insert(networkInvites).values({ id: newId(), networkId, tokenHash: hashToken(token), createdBy: userId, createdAt: now, expiresAt }).run();
  return { token, url: `${origin}/networks/join/${token}`, expiresAt: expiresAt.toISOString() };
}

function liveInvite(db: Db, token: string) {
  const row = db
    .select()
    .from(networkInvites)
    .where(and(eq(networkInvites.tokenHash, hashToken(token)), isNull(networkInvites.usedAt), gt(networkInvites.expiresAt, new Date())))
    .get();
  if (!row) throw new AppError(404, 'link_invalid', 'This invitation was used, has expired or never existed');
  return row;
}

/** What an invitation is to, for whoever holds the link (signed in). */
export function previewNetworkInvite(db: Db, token: string): NetworkInvitePreview {
  const invite = liveInvite(db, token);
  const network = db.select({ name: networks.name }).from(networks).where(eq(networks.id, invite.networkId)).get()!;
  const names = db
    .select({ name: schools.name })
    .from(networkSchools)
    .innerJoin(schools, eq(schools.id, networkSchools.schoolId))
    .where(eq(networkSchools.networkId, invite.networkId))
    .orderBy(asc(schools.name))
    .all()
    .map((s) => s.name);
  return { networkName: network.name, schools: names, expiresAt: invite.expiresAt.toISOString() };
}

/** Brings `schoolId` into the invitation's network (its leader accepts: policies.authorizeSchool first). */
export function acceptNetworkInvite(db: Db, token: string, schoolId: string, userId: string): NetworkSummary {
  return db.transaction((tx) => {
    const invite = liveInvite(db, token);
    const already = tx
      .select({ id: networkSchools.schoolId })
      .from(networkSchools)
      .where(and(eq(networkSchools.networkId, invite.networkId), eq(networkSchools.schoolId, schoolId)))
      .get();
    if (already) throw new AppError(409, 'conflict', 'This school is in the network already');
    tx.insert(networkSchools).values({ networkId: invite.networkId, schoolId, joinedBy: userId, joinedAt: new Date() }).run();
    tx.update(networkInvites).set({ usedAt: new Date(), usedBySchool: schoolId }).where(eq(networkInvites.id, invite.id)).run();
    return summary(db, invite.networkId, userId);
  });
}

/** Takes a school out of a network; a network without schools is gone. */
export function leaveNetwork(db: Db, networkId: string, schoolId: string): void {
  db.transaction((tx) => {
    const removed = tx.delete(networkSchools).where(and(eq(networkSchools.networkId, networkId), eq(networkSchools.schoolId, schoolId))).run();
    if (removed.changes === 0) throw notFound('This school is not in the network');
    const left = tx.select({ id: networkSchools.schoolId }).from(networkSchools).where(eq(networkSchools.networkId, networkId)).get();
    if (!left) tx.delete(networks).where(eq(networks.id, networkId)).run();
  });
}
