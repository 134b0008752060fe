import * as Y from 'yjs';
import { readCasePupils, readLessonFlow, readObservationFocus } from '../../shared/blocks/read';
import { withDocument } from '../documents/content-tree';
import { type CasePupil, LESSON_FIELD, type LessonOutline, NOTES_FIELD, type NoteCategory, NoteCategories, type ObservationNote } from '../../shared/observation';

/**
 * Reads the lesson from a research-lesson plan: its lesson-flow block (the steps), its case pupils
 * and its observation focus, through the block readers.
 */
export function lessonOutline(planId: string, title: string, state: Uint8Array, clockStartedAt: number | null = null): LessonOutline {
  return withDocument(state, (doc) => ({
    planId,
    title,
    steps: readLessonFlow(doc),
    casePupils: readCasePupils(doc),
    focus: readObservationFocus(doc),
    clockStartedAt,
  }));
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
