import * as Y from 'yjs';
import { plainText, withDocument } from '../documents/content-tree';
import { type CasePupil, LESSON_FIELD, type LessonOutline, NOTES_FIELD, type NoteCategory, NoteCategories, type ObservationNote } from '../../shared/observation';

/** A cell's text: its blocks on their own lines (nested content too, read iteratively). */
const cellText = (cell: Y.XmlElement): string =>
  cell
    .toArray()
    .map((block) => (block instanceof Y.XmlElement ? plainText(block) : ''))
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
  const tables = withDocument(state, (doc) =>
    doc
      .getXmlFragment('default')
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'table')
      .map(rows),
  );
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

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : null);
const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The notes of one observation document, cleaned: anything malformed is skipped, never trusted.
 * Fields are read one by one (never `toJSON`, which would follow whatever nesting a client made).
 */
export function readNotes(state: Uint8Array): { notes: ObservationNote[]; clockStartedAt: number | null } {
  return withDocument(state, (doc) => {
    const notes: ObservationNote[] = [];
    for (const item of doc.getArray(NOTES_FIELD).toArray()) {
      if (!(item instanceof Y.Map)) continue;
      const id = text(item.get('id'), 100);
      const at = finite(item.get('at'));
      const body = text(item.get('text'), 2000);
      if (id === null || at === null || body === null) continue;
      const pupil = text(item.get('pupil'), 1);
      const category = item.get('category');
      notes.push({
        id,
        at,
        minute: finite(item.get('minute')),
        step: finite(item.get('step')),
        pupil: pupil !== null && /^[A-ZÆØÅ]$/.test(pupil) ? (pupil as CasePupil) : null,
        category: isCategory(category) ? category : 'other',
        text: body,
        observerId: text(item.get('observerId'), 100) ?? '',
      });
    }
    const started = doc.getMap(LESSON_FIELD).get('clockStartedAt');
    return { notes, clockStartedAt: finite(started) };
  });
}
