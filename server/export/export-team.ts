/**
 * A team's data as one zip (DESIGN §5, GDPR art. 20): `team.json` (members, cycles, documents'
 * metadata, comment threads, versions' metadata, action items, findings and their evidence links)
 * and, per document, its content as Word (.docx), Markdown (.md) and the raw Yjs state (.yjs) that
 * an import restores; each named version's content as .yjs too. Written as a stream, one document
 * at a time, so a big team is never held in memory at once.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import * as Y from 'yjs';
import { DEFAULT_LOCALE } from '../../shared/locale';
import type { Role } from '../../shared/roles';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ExportProgress, type TeamArchive } from '../../shared/schemas/team-archive';
import type { Db } from '../db/open';
import { commentThreads, comments, cycles, documentVersions, documents, memberships, schools, teams, users } from '../db/schema';
import { exportDocx } from '../documents/export-docx';
import { fileName } from '../documents/file-name';
import type { Logger } from '../log';
import { type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';
import { threadFields } from '../comments/comments';
import { versionContent } from '../versions/versions';
import { contentOf, readActionItems, readFindings } from '../../shared/blocks/read';
import { toMarkdown } from './markdown';

export interface ExportDeps {
  db: Db;
  sync: SyncServer;
  log: Logger;
}

type Archive = Omit<TeamArchive, 'actionItems' | 'findings'> & Pick<TeamArchive, 'actionItems' | 'findings'>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The team's rows as `viewer` may see them: what team.json holds, before content is read. */
export async function collectArchive(db: Db, teamId: string, viewer: Viewer, now: Date): Promise<Archive> {
  const team = (await db
    .select({ t: teams, school: schools.name })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(teams.id, teamId)))[0]!;
  // What the exporting leader may see, by the one visibility rule (other people's private drafts are not in it).
  const docRows = (await db
    .select()
    .from(documents)
    .where(and(eq(documents.teamId, teamId), visibleTo(viewer)))
    .orderBy(asc(documents.createdAt)));
  const docIds = docRows.map((d) => d.id);
  const threadRows = docIds.length
    ? (await db.select().from(commentThreads).where(inArray(commentThreads.documentId, docIds)).orderBy(asc(commentThreads.createdAt)))
    : [];
  const commentRows = threadRows.length
    ? (await db
        .select()
        .from(comments)
        .where(inArray(comments.threadId, threadRows.map((t) => t.id)))
        .orderBy(asc(comments.createdAt)))
    : [];
  const versionRows = docIds.length
    ? (await db
        .select({ id: documentVersions.id, documentId: documentVersions.documentId, name: documentVersions.name, auto: documentVersions.auto, createdBy: documentVersions.createdBy, createdAt: documentVersions.createdAt })
        .from(documentVersions)
        .where(inArray(documentVersions.documentId, docIds))
        .orderBy(asc(documentVersions.createdAt)))
    : [];
  const cycleRows = (await db.select().from(cycles).where(eq(cycles.teamId, teamId)).orderBy(asc(cycles.createdAt)));
  const members = (await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId)));

  // Everyone named anywhere: members, and former members who wrote or made something.
  const named = new Set<string>();
  for (const userId of [
    ...docRows.flatMap((d) => [d.createdBy, d.lastEditedBy]),
    ...threadRows.flatMap((t) => [t.createdBy, t.resolvedBy]),
    ...commentRows.map((c) => c.authorId),
    ...versionRows.map((v) => v.createdBy),
    ...cycleRows.map((c) => c.createdBy),
  ]) {
    if (userId) named.add(userId);
  }
  const formerIds = [...named].filter((userId) => !members.some((m) => m.id === userId));
  const former = formerIds.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, formerIds))) : [];
  const fileBase = (d: { id: string; title: string }) => `documents/${fileName(d.title)}-${d.id}`;

  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: now.toISOString(),
    exportedBy: viewer.userId,
    team: { id: team.t.id, name: team.t.name, school: team.school, focus: team.t.focus, focusTags: team.t.focusTags, createdAt: team.t.createdAt.toISOString() },
    people: [
      ...members.map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.role as Role })),
      ...former.map((p) => ({ id: p.id, name: p.name, email: null, role: null })),
    ],
    cycles: cycleRows.map((c) => ({
      id: c.id,
      title: c.title,
      researchQuestion: c.researchQuestion,
      tags: c.tags,
      phase: c.phase as TeamArchive['cycles'][number]['phase'],
      round: c.round,
      plannedRounds: c.plannedRounds,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      closedAt: iso(c.closedAt),
      observationRetentionDays: c.observationRetentionDays,
    })),
    documents: docRows.map((d) => ({
      id: d.id,
      kind: d.kind as TeamArchive['documents'][number]['kind'],
      title: d.title,
      cycleId: d.cycleId,
      round: d.round,
      tags: d.tags,
      derivedFrom: d.derivedFrom,
      createdBy: d.createdBy,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      lastEditedBy: d.lastEditedBy,
      archived: d.archivedAt !== null,
      visibility: d.visibility as TeamArchive['documents'][number]['visibility'],
      files: { yjs: `${fileBase(d)}.yjs`, md: `${fileBase(d)}.md`, docx: `${fileBase(d)}.docx` },
    })),
    threads: threadRows.map((t) => ({
      ...threadFields(t),
      resolvedBy: t.resolvedBy,
      comments: commentRows
        .filter((c) => c.threadId === t.id)
        .map((c) => ({ id: c.id, authorId: c.authorId, body: c.body, mentions: c.mentions, createdAt: c.createdAt.toISOString(), editedAt: iso(c.editedAt), deleted: c.deletedAt !== null })),
    })),
    versions: versionRows.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), file: `versions/${v.id}.yjs` })),
    actionItems: [],
    findings: [],
  };
}

/**
 * The zip as a stream. Each pull writes the next document's files and moves `progress` on;
 * `ended` is called when it finished or failed. A document deleted while the export runs is left
 * out (and out of team.json).
 */
export function streamArchive(deps: ExportDeps, archive: Archive, progress: ExportProgress, ended: () => void): ReadableStream<Uint8Array> {
  let next = 0;
  const missing = new Set<string>();
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) {
          controller.error(error);
          return;
        }
        progress.bytes += chunk.length;
        controller.enqueue(chunk);
        if (final) {
          progress.finished = true;
          controller.close();
          ended();
        }
      });
    },
    async pull(controller) {
      try {
        if (next < archive.documents.length) {
          const doc = archive.documents[next++]!;
          if (!(await addDocument(deps, zip, archive, doc))) missing.add(doc.id);
          progress.documents.done = next;
          return;
        }
        const complete = {
          ...archive,
          documents: archive.documents.filter((d) => !missing.has(d.id)),
          threads: archive.threads.filter((t) => !missing.has(t.documentId)),
          versions: archive.versions.filter((v) => !missing.has(v.documentId)),
        };
        addFile(zip, 'team.json', new TextEncoder().encode(JSON.stringify(complete, null, 2)));
        zip.end();
      } catch (error) {
        deps.log.error('team export failed', { teamId: archive.team.id, error });
        progress.failed = true;
        controller.error(error);
        ended();
      }
    },
    cancel() {
      progress.failed = !progress.finished;
      ended();
    },
  });
}

function addFile(zip: Zip, name: string, data: Uint8Array, compress = true): void {
  const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
  zip.add(file);
  file.push(data, true);
}

async function addDocument(deps: ExportDeps, zip: Zip, archive: Archive, doc: TeamArchive['documents'][number]): Promise<boolean> {
  let state: Uint8Array;
  try {
    state = await deps.sync.readState(doc.id);
  } catch {
    return false;
  }
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const fragment = contentOf(ydoc);
  addFile(zip, doc.files.yjs, state);
  addFile(zip, doc.files.md, new TextEncoder().encode(`# ${doc.title}\n\n${toMarkdown(fragment)}`));
  for (const item of readActionItems(ydoc)) archive.actionItems.push({ documentId: doc.id, ...item });
  const findings = doc.kind === 'reflection' ? readFindings(ydoc) : [];
  ydoc.destroy();
  // Already a zip: stored as it is.
  addFile(zip, doc.files.docx, await exportDocx(state, doc.title, DEFAULT_LOCALE), false);
  for (const f of findings) archive.findings.push({ reflectionId: doc.id, text: f.text, evidence: f.evidence });
  for (const v of archive.versions.filter((x) => x.documentId === doc.id)) {
    addFile(zip, v.file, (await versionContent(deps.db, doc.id, v.id)).update);
  }
  return true;
}
