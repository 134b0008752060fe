import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, max, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import type { SchoolOverview, TeamDrillIn, TeamOverview } from '../../shared/schemas/schools';
import { listCycles } from '../cycles/cycles';
import type { Db } from '../db/open';
import { actionItems, cycles, documents, meetings, memberships, networks, networkSchools, publishedDocuments, schools, teams } from '../db/schema';
import { notFound } from '../errors';
import { publishedByTeams } from '../library/find-published';
import { SCHOOL_LEADER_KINDS, sharedWorkOf, type Viewer, visibleTo } from '../policies';
import { aggregate } from './aggregate';
import { coverageOf } from './coverage';

type TeamRow = typeof teams.$inferSelect;

async function teamOverview(db: Db, viewer: Viewer, team: TeamRow, today: string): Promise<TeamOverview> {
  const teamCycles = await listCycles(db, team.id);
  const origins = new Map(
    (await db
      .select({ cycleId: cycles.id, title: publishedDocuments.title, schoolName: schools.name })
      .from(cycles)
      .innerJoin(publishedDocuments, eq(publishedDocuments.id, cycles.originPublishedId))
      .innerJoin(schools, eq(schools.id, publishedDocuments.schoolId))
      .where(and(eq(cycles.teamId, team.id), isNotNull(cycles.originPublishedId))))
      .map((o) => [o.cycleId, { title: o.title, schoolName: o.schoolName }]),
  );
  // When the team last did something the school may know of: its shared work and its cycles.
  const lastDoc = (await db.select({ at: max(documents.updatedAt) }).from(documents).where(sharedWorkOf(team.id)))[0]?.at ?? null;
  const lastCycle = (await db.select({ at: max(cycles.updatedAt) }).from(cycles).where(eq(cycles.teamId, team.id)))[0]?.at ?? null;
  const last = [lastDoc, lastCycle].filter((d): d is Date => d !== null).map((d) => new Date(d).getTime());
  const items = async (extra?: ReturnType<typeof lt>) =>
    (await db
      .select({ n: count() })
      .from(actionItems)
      .innerJoin(documents, eq(documents.id, actionItems.documentId))
      .where(and(sharedWorkOf(team.id), isNull(documents.archivedAt), eq(actionItems.done, false), extra)))[0]?.n ?? 0;
  const discussions = (await db
    .select({ id: documents.id, title: documents.title, updatedAt: documents.updatedAt, startedAt: meetings.startedAt, endedAt: meetings.endedAt })
    .from(documents)
    .leftJoin(meetings, eq(meetings.documentId, documents.id))
    .where(and(eq(documents.teamId, team.id), inArray(documents.kind, [...SCHOOL_LEADER_KINDS]), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(desc(documents.updatedAt))
    .limit(20))
    .map((d) => ({ documentId: d.id, title: d.title, running: d.startedAt !== null && d.endedAt === null, updatedAt: d.updatedAt.toISOString() }))
    .toSorted((a, b) => Number(b.running) - Number(a.running));
  return {
    id: team.id,
    name: team.name,
    focus: team.focus,
    focusTags: team.focusTags,
    cycles: teamCycles.map((c) => ({
      id: c.id,
      title: c.title,
      researchQuestion: c.researchQuestion,
      tags: c.tags,
      phase: c.phase,
      round: c.round,
      plannedRounds: c.plannedRounds,
      gaps: c.gaps,
      updatedAt: c.updatedAt,
      forkedFrom: origins.get(c.id) ?? null,
    })),
    lastActivityAt: last.length ? new Date(Math.max(...last)).toISOString() : null,
    openItems: await items(),
    overdueItems: await items(lt(actionItems.due, today)),
    meetings: discussions,
    shared: await publishedByTeams(db, [team.id]),
  };
}

async function schoolRow(db: Db, schoolId: string) {
  const school = (await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, schoolId)))[0];
  if (!school) throw notFound('School not found');
  return school;
}

/**
 * Everything a school leader sees on one page: every team with its focus, cycles (phase, round,
 * what they lack), last activity, open items, discussions to join and what it has shared; how the
 * cycles cover the focus areas and outcomes; how many teachers take part. Ask
 * policies.authorizeSchool first.
 */
export async function loadSchoolOverview(db: Db, viewer: Viewer, schoolId: string, today: string): Promise<SchoolOverview> {
  const school = await schoolRow(db, schoolId);
  const rows = (await db.select().from(teams).where(eq(teams.schoolId, schoolId)).orderBy(asc(teams.name)));
  const teamOverviews = await Promise.all(rows.map((team) => teamOverview(db, viewer, team, today)));
  const focusOf = new Map(rows.map((t) => [t.id, t.focusTags]));
  const activeCycles = rows.length
    ? (await db
        .select({ tags: cycles.tags, teamId: cycles.teamId })
        .from(cycles)
        .where(and(inArray(cycles.teamId, rows.map((t) => t.id)), isNull(cycles.archivedAt))))
    : [];
  const teachers =
    (await db
      .select({ n: sql<number>`count(distinct ${memberships.userId})` })
      .from(memberships)
      .innerJoin(teams, eq(teams.id, memberships.teamId))
      .where(and(eq(teams.schoolId, schoolId), inArray(memberships.role, ['leader', 'member']))))[0]?.n ?? 0;
  return {
    school,
    teams: teamOverviews,
    coverage: coverageOf(activeCycles.map((c) => ({ tags: c.tags, teamFocusTags: focusOf.get(c.teamId) ?? [] }))),
    teachers: aggregate(teachers),
    networks: (await db
      .select({ id: networks.id, name: networks.name })
      .from(networkSchools)
      .innerJoin(networks, eq(networks.id, networkSchools.networkId))
      .where(eq(networkSchools.schoolId, schoolId))
      .orderBy(asc(networks.name))),
  };
}

/** One team of the school, with how much shared work each round of each cycle has (counts, no titles). */
export async function loadTeamDrillIn(db: Db, viewer: Viewer, schoolId: string, teamId: string, today: string): Promise<TeamDrillIn> {
  const school = await schoolRow(db, schoolId);
  const team = (await db.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.schoolId, schoolId))))[0];
  if (!team) throw notFound('Team not found');
  const counts = (await db
    .select({ cycleId: documents.cycleId, round: documents.round, kind: documents.kind, n: count() })
    .from(documents)
    .where(and(sharedWorkOf(teamId), isNull(documents.archivedAt), isNotNull(documents.cycleId)))
    .groupBy(documents.cycleId, documents.round, documents.kind));
  const work = new Map<string, { cycleId: string; round: number; counts: Partial<Record<DocumentKind, number>> }>();
  for (const c of counts) {
    const key = `${c.cycleId}:${c.round ?? 1}`;
    const entry = work.get(key) ?? { cycleId: c.cycleId!, round: c.round ?? 1, counts: {} };
    entry.counts[c.kind as DocumentKind] = c.n;
    work.set(key, entry);
  }
  return { ...await teamOverview(db, viewer, team, today), school, work: [...work.values()].toSorted((a, b) => a.cycleId.localeCompare(b.cycleId) || a.round - b.round) };
}
