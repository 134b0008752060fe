import * as Y from 'yjs';
import { readCasePupils, readLessonFlow, readObservationFocus } from '../../shared/blocks/read';
import { type CasePupil, LESSON_FIELD, type LessonOutline, NOTES_FIELD, type NoteCategory, NoteCategories, type ObservationNote } from '../../shared/observation';

/**
 * Reads the lesson from a research-lesson plan: its lesson-flow block (the steps), its case pupils
 * and its observation focus, through the block readers.
 */
export function lessonOutline(planId: string, title: string, state: Uint8Array, clockStartedAt: number | null = null): LessonOutline {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const outline: LessonOutline = {
    planId,
    title,
    steps: readLessonFlow(doc),
    casePupils: readCasePupils(doc),
    focus: readObservationFocus(doc),
    clockStartedAt,
  };
  doc.destroy();
  return outline;
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
