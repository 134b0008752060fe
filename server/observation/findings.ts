import { and, asc, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db/open';
import { plainText, withDocument } from '../documents/content-tree';
import { documents } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';

export interface Finding {
  reflectionId: string;
  reflectionTitle: string;
  round: number | null;
  text: string;
  /** Whether an evidence card is attached to the finding (inside its list item). */
  hasEvidence: boolean;
  /** Where each attached evidence card came from. */
  evidence: EvidenceLink[];
}

export interface EvidenceLink {
  sourceDocumentId: string | null;
  noteId: string | null;
  planId: string | null;
  step: string | null;
  pupil: string | null;
}

const evidenceLink = (card: Y.XmlElement): EvidenceLink => {
  const attr = (name: string) => {
    const v = card.getAttribute(name) as unknown;
    return typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 200) : null;
  };
  return { sourceDocumentId: attr('sourceDocumentId'), noteId: attr('noteId'), planId: attr('planId'), step: attr('step'), pupil: attr('pupil') };
};

const FINDINGS_HEADING = /funn|finding/i;

/** A node's text, evidence cards left out (they quote notes; a finding is what the team wrote). */
const textOf = (node: Y.XmlElement) => plainText(node, (el) => el.nodeName === 'evidenceCard', ' ').replace(/\s+/g, ' ').trim();

/** The agreed findings of a reflection: list items under its "findings" heading. */
export function findingsIn(state: Uint8Array): Array<Pick<Finding, 'text' | 'hasEvidence' | 'evidence'>> {
  return withDocument(state, (doc) => {
    const found: Array<Pick<Finding, 'text' | 'hasEvidence' | 'evidence'>> = [];
    let inFindings = false;
    for (const node of doc.getXmlFragment('default').toArray()) {
      if (!(node instanceof Y.XmlElement)) continue;
      if (node.nodeName === 'heading') inFindings = FINDINGS_HEADING.test(textOf(node));
      else if (inFindings && (node.nodeName === 'bulletList' || node.nodeName === 'orderedList')) {
        for (const item of node.toArray()) {
          if (!(item instanceof Y.XmlElement)) continue;
          const text = textOf(item);
          const cards = item.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'evidenceCard');
          if (text) found.push({ text, hasEvidence: cards.length > 0, evidence: cards.map(evidenceLink) });
        }
      }
    }
    return found;
  });
}

/** Findings from the reflections of the plan's cycle that `viewer` may see, up to the plan's round. */
export async function cycleFindings(db: Db, sync: SyncServer, viewer: Viewer, plan: { cycleId: string | null; round: number | null }): Promise<Finding[]> {
  if (!plan.cycleId) return [];
  const reflections = (await db
    .select({ id: documents.id, title: documents.title, round: documents.round })
    .from(documents)
    .where(and(eq(documents.cycleId, plan.cycleId), eq(documents.kind, 'reflection'), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(asc(documents.createdAt)))
    .filter((r) => plan.round === null || (r.round ?? 1) <= plan.round);
  const all: Finding[] = [];
  for (const r of reflections) {
    for (const f of findingsIn(await sync.readState(r.id))) all.push({ reflectionId: r.id, reflectionTitle: r.title, round: r.round, ...f });
  }
  return all;
}
