import * as Y from 'yjs';
import { type CasePupil, LESSON_FIELD, type LessonOutline, NOTES_FIELD, type NoteCategory, NoteCategories, type ObservationNote } from '../../shared/observation';

const cellText = (cell: Y.XmlElement): string =>
  cell
    .toArray()
    .map((block) =>
      block instanceof Y.XmlElement
        ? block
            .toArray()
            .map((t) => (t instanceof Y.XmlText ? (t.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('') : ''))
            .join('')
        : '',
    )
    .join('\n')
    .trim();

const rows = (table: Y.XmlElement): string[][] =>
  table
    .toArray()
    .filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
    .map((r) => r.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement).map(cellText));

/**
 * Reads the lesson from a research-lesson plan: the flow table (the first table with five or more
 * columns) and the case pupils (the first table whose body rows start with a one-letter code).
 */
export function lessonOutline(planId: string, title: string, state: Uint8Array, clockStartedAt: number | null = null): LessonOutline {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const tables = doc
    .getXmlFragment('default')
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'table')
    .map(rows);
  doc.destroy();
  const flow = tables.find((t) => (t[0]?.length ?? 0) >= 5);
  const pupils = tables.find((t) => t.length > 1 && t.slice(1).every((r) => /^[A-ZÆØÅ]$/.test(r[0] ?? '')));
  return {
    planId,
    title,
    steps: (flow?.slice(1) ?? [])
      .filter((r) => r.some((c) => c))
      .map(([activity = '', time = '', anticipated = '', support = '', observe = '']) => ({ activity, time, anticipated, support, observe })),
    casePupils: (pupils?.slice(1) ?? []).map(([code = '', why = '', prediction = '']) => ({ code, why, prediction })),
    clockStartedAt,
  };
}

const isCategory = (v: unknown): v is NoteCategory => (NoteCategories as readonly unknown[]).includes(v);

/** The notes of one observation document, cleaned: anything malformed is skipped, never trusted. */
export function readNotes(state: Uint8Array): { notes: ObservationNote[]; clockStartedAt: number | null } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const notes: ObservationNote[] = [];
  for (const item of doc.getArray(NOTES_FIELD).toArray()) {
    if (!(item instanceof Y.Map)) continue;
    const n = item.toJSON() as Record<string, unknown>;
    if (typeof n.id !== 'string' || typeof n.at !== 'number' || typeof n.text !== 'string') continue;
    notes.push({
      id: n.id,
      at: n.at,
      minute: typeof n.minute === 'number' ? n.minute : null,
      step: typeof n.step === 'number' ? n.step : null,
      pupil: typeof n.pupil === 'string' && /^[A-ZÆØÅ]$/.test(n.pupil) ? (n.pupil as CasePupil) : null,
      category: isCategory(n.category) ? n.category : 'other',
      text: n.text.slice(0, 2000),
      observerId: typeof n.observerId === 'string' ? n.observerId : '',
    });
  }
  const started = doc.getMap(LESSON_FIELD).get('clockStartedAt');
  doc.destroy();
  return { notes, clockStartedAt: typeof started === 'number' ? started : null };
}
