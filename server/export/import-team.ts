/**
 * Restores a team export as a new team led by the person importing it. Everything gets new ids
 * (links between documents inside the content are rewritten to match); comment threads keep their
 * anchors because the documents' raw Yjs state is restored as it was. People in the archive are
 * not given access: the importer is the team's only member, and invites the others again. Whoever
 * else wrote something appears under their name as an archived person who cannot sign in.
 */
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { ArchiveLimits, type ImportResult, type TeamArchive, teamArchive } from '../../shared/schemas/team-archive';
import { type Actor, recordAudit } from '../audit/audit';
import type { Db } from '../db/open';
import { actionItems as actionItemsTable, commentThreads, comments, cycles, documentStates, documentVersions, documents, teams, users } from '../db/schema';
import { readActionItems } from '../documents/action-items';
import { documentSearchText } from '../documents/document-text';
import { AppError } from '../errors';
import { newId } from '../ids';
import { createTeam } from '../teams/create-team';
import { openWithinLimits } from '../sync/document-limits';
import { storedVersion } from '../versions/versions';
import { contentOf } from '../../shared/blocks/read';
import { elements } from '../../shared/blocks/walk';
import { migrateToBlocks } from '../documents/migrate-blocks';

const invalid = (message: string, details?: unknown) => new AppError(400, 'validation_failed', message, details);

/** The zip's files, refusing archives too big to unpack (sizes are checked before inflating). */
function unpack(zip: Uint8Array): Record<string, Uint8Array> {
  if (zip.length < 4 || zip[0] !== 0x50 || zip[1] !== 0x4b) throw invalid('This is not a zip file');
  let files = 0;
  let total = 0;
  try {
    return unzipSync(zip, {
      filter: (file) => {
        if (++files > ArchiveLimits.maxFiles) throw invalid('The archive has too many files');
        total += file.originalSize;
        if (file.originalSize > ArchiveLimits.maxFileBytes || total > ArchiveLimits.maxTotalBytes) throw invalid('The archive is too big to import');
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid('The zip file could not be read');
  }
}

function readArchive(files: Record<string, Uint8Array>): TeamArchive {
  const json = files['team.json'];
  if (!json) throw invalid('The archive has no team.json: is it a Fellesrom team export?');
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(json));
  } catch {
    throw invalid('team.json is not valid JSON');
  }
  const parsed = teamArchive.safeParse(raw);
  if (!parsed.success) {
    throw invalid('team.json does not match the export format', {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** Every reference inside the archive points at something in it. */
function checkReferences(archive: TeamArchive, files: Record<string, Uint8Array>): void {
  const unique = (ids: string[], what: string) => {
    if (new Set(ids).size !== ids.length) throw invalid(`team.json lists a ${what} id twice`);
    return new Set(ids);
  };
  const people = unique(archive.people.map((p) => p.id), 'person');
  const docs = unique(archive.documents.map((d) => d.id), 'document');
  const cycleIds = unique(archive.cycles.map((c) => c.id), 'cycle');
  unique(archive.threads.map((t) => t.id), 'thread');
  unique(archive.threads.flatMap((t) => t.comments.map((c) => c.id)), 'comment');
  unique(archive.versions.map((v) => v.id), 'version');
  const person = (userId: string | null, where: string) => {
    if (userId !== null && !people.has(userId)) throw invalid(`${where} refers to a person the archive does not list`);
  };
  const file = (name: string) => {
    if (!files[name]) throw invalid(`The archive is missing ${name}`);
  };
  for (const c of archive.cycles) person(c.createdBy, `Cycle ${c.id}`);
  for (const d of archive.documents) {
    person(d.createdBy, `Document ${d.id}`);
    person(d.lastEditedBy, `Document ${d.id}`);
    if (d.cycleId && !cycleIds.has(d.cycleId)) throw invalid(`Document ${d.id} belongs to a cycle the archive does not have`);
    file(d.files.yjs);
  }
  for (const t of archive.threads) {
    if (!docs.has(t.documentId)) throw invalid(`Thread ${t.id} is on a document the archive does not have`);
    person(t.createdBy, `Thread ${t.id}`);
    person(t.resolvedBy, `Thread ${t.id}`);
    for (const c of t.comments) person(c.authorId, `Comment ${c.id}`);
  }
  for (const v of archive.versions) {
    if (!docs.has(v.documentId)) throw invalid(`Version ${v.id} is of a document the archive does not have`);
    person(v.createdBy, `Version ${v.id}`);
    file(v.file);
  }
}

/**
 * Content as a document: the stored Yjs update must apply, and links to other documents of the
 * archive (evidence cards, finding links) are pointed at their new ids.
 */
function restoreContent(update: Uint8Array, newIds: Map<string, string>, what: string): Y.Doc {
  // Held to the limits a live document is held to: an archive is as hand-made as any client.
  let opened: ReturnType<typeof openWithinLimits>;
  try {
    opened = openWithinLimits(update, Limits.document);
  } catch {
    throw invalid(`${what} is not a valid Yjs document`);
  }
  if (!opened.doc) throw new AppError(422, 'document_limit', `${what} is past the limits of a document: ${opened.refusal.detail}`);
  const doc = opened.doc;
  doc.transact(() => {
    for (const el of elements(contentOf(doc))) {
      if (el.nodeName === 'evidenceCard') {
        for (const name of ['sourceDocumentId', 'planId']) {
          const old = el.getAttribute(name) as unknown;
          if (typeof old === 'string' && newIds.has(old)) el.setAttribute(name, newIds.get(old)!);
        }
      }
      for (const child of el.toArray()) {
        if (!(child instanceof Y.XmlText)) continue;
        let at = 0;
        for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: { findingLink?: { reflectionId?: unknown } } }>) {
          const length = typeof op.insert === 'string' ? op.insert.length : 1;
          const link = op.attributes?.findingLink;
          if (link && typeof link.reflectionId === 'string' && newIds.has(link.reflectionId)) {
            child.format(at, length, { findingLink: { ...link, reflectionId: newIds.get(link.reflectionId) } });
          }
          at += length;
        }
      }
    }
  });
  return doc;
}

export async function importTeam(db: Db, zip: Uint8Array, importer: { id: string; email: string }, actor: Actor): Promise<ImportResult> {
  const files = unpack(zip);
  const archive = readArchive(files);
  checkReferences(archive, files);

  const newIds = new Map<string, string>();
  const fresh = (old: string) => {
    let id = newIds.get(old);
    if (!id) newIds.set(old, (id = newId()));
    return id;
  };
  for (const d of archive.documents) fresh(d.id);
  const contents = archive.documents.map((d) => {
    const doc = restoreContent(files[d.files.yjs]!, newIds, `The content of "${d.title}"`);
    // An export from before the structured blocks arrives converted, like any old document on load.
    doc.transact(() => migrateToBlocks(doc, d.kind));
    const content = { state: Y.encodeStateAsUpdate(doc), searchText: documentSearchText(doc), actionItems: readActionItems(doc) };
    doc.destroy();
    return content;
  });
  const versions = archive.versions.map((v) => {
    const doc = restoreContent(files[v.file]!, newIds, `The version "${v.name}"`);
    const stored = storedVersion(doc);
    doc.destroy();
    return stored;
  });

  return await db.transaction(async (tx) => {
    const now = new Date();
    const team = await createTeam(tx, importer.id, { name: archive.team.name, school: archive.team.school });
    await tx.update(teams).set({ focus: archive.team.focus, focusTags: archive.team.focusTags }).where(eq(teams.id, team.id));
    // The importer is who they were in the archive, if they were in it; everyone else is archived.
    const personId = new Map<string, string>();
    for (const p of archive.people) {
      if (p.email && p.email.toLowerCase() === importer.email) {
        personId.set(p.id, importer.id);
        continue;
      }
      const id = newId();
      await tx.insert(users)
        .values({ id, name: p.name, email: `archived-${Buffer.from(id, 'base64url').toString('hex')}@import.invalid`, passwordHash: '!', createdAt: now });
      personId.set(p.id, id);
    }
    const who = (old: string | null) => (old === null ? null : personId.get(old)!);
    const date = (iso: string | null) => (iso === null ? null : new Date(iso));

    for (const c of archive.cycles) {
      await tx.insert(cycles)
        .values({
          id: fresh(c.id),
          teamId: team.id,
          title: c.title,
          researchQuestion: c.researchQuestion,
          tags: c.tags,
          phase: c.phase,
          round: c.round,
          plannedRounds: c.plannedRounds,
          createdBy: who(c.createdBy),
          createdAt: new Date(c.createdAt),
          updatedAt: new Date(c.updatedAt),
          archivedAt: null,
          observationRetentionDays: c.observationRetentionDays,
          closedAt: date(c.closedAt),
          observationsDeletedAt: null,
        });
    }
    for (const [i, d] of archive.documents.entries()) {
      const author = who(d.createdBy);
      // A private draft stays private to the person importing it; nobody else could ever open it.
      const createdBy = d.visibility === 'private' && author !== importer.id ? importer.id : author;
      await tx.insert(documents)
        .values({
          id: fresh(d.id),
          teamId: team.id,
          kind: d.kind,
          title: d.title,
          cycleId: d.cycleId ? fresh(d.cycleId) : null,
          round: d.round,
          tags: d.tags,
          derivedFrom: d.derivedFrom && newIds.has(d.derivedFrom) ? newIds.get(d.derivedFrom)! : null,
          createdBy,
          createdAt: new Date(d.createdAt),
          updatedAt: new Date(d.updatedAt),
          lastEditedBy: who(d.lastEditedBy),
          searchText: contents[i]!.searchText,
          archivedAt: d.archived ? now : null,
          visibility: d.visibility,
        });
      await tx.insert(documentStates).values({ documentId: fresh(d.id), state: Buffer.from(contents[i]!.state), compactedAt: now });
      // Due-date reminders know the imported action items at once.
      for (const item of contents[i]!.actionItems) await tx.insert(actionItemsTable).values({ documentId: fresh(d.id), ...item });
    }
    for (const t of archive.threads) {
      const threadId = newId();
      await tx.insert(commentThreads)
        .values({
          id: threadId,
          teamId: team.id,
          documentId: fresh(t.documentId),
          anchorStart: t.anchorStart,
          anchorEnd: t.anchorEnd,
          quote: t.quote,
          createdBy: who(t.createdBy)!,
          createdAt: new Date(t.createdAt),
          updatedAt: new Date(t.updatedAt),
          resolvedAt: date(t.resolvedAt),
          resolvedBy: who(t.resolvedBy),
        });
      for (const c of t.comments) {
        await tx.insert(comments)
          .values({
            id: newId(),
            threadId,
            authorId: who(c.authorId)!,
            body: c.deleted ? '' : c.body,
            mentions: c.mentions.flatMap((m) => (personId.has(m) ? [personId.get(m)!] : [])),
            createdAt: new Date(c.createdAt),
            editedAt: date(c.editedAt),
            deletedAt: c.deleted ? new Date(c.createdAt) : null,
          });
      }
    }
    for (const [i, v] of archive.versions.entries()) {
      await tx.insert(documentVersions)
        .values({ id: newId(), documentId: fresh(v.documentId), name: v.name, ...versions[i]!, auto: v.auto, createdBy: who(v.createdBy), createdAt: new Date(v.createdAt) });
    }
    const result = { teamId: team.id, name: team.name, documents: archive.documents.length, threads: archive.threads.length, versions: archive.versions.length, cycles: archive.cycles.length };
    await recordAudit(tx, actor, { teamId: team.id, action: 'team.imported', targetType: 'team', targetId: team.id, detail: { fromTeam: archive.team.id, ...result } });
    return result;
  });
}
