import type { Localized } from './locale';

/**
 * Observation notes live in the observer's observation document, as Y.Map entries of the Y.Array
 * named `notes` (next to the text in `default`), so they are written offline and merge without
 * duplicates. `lesson` (a Y.Map) holds `clockStartedAt`.
 */
export const NOTES_FIELD = 'notes';
export const LESSON_FIELD = 'lesson';

export const NoteCategories = ['pupil_talk', 'pupil_work', 'teacher_move', 'other'] as const;
export type NoteCategory = (typeof NoteCategories)[number];

export const CasePupils = ['A', 'B', 'C'] as const;
export type CasePupil = (typeof CasePupils)[number];

export interface ObservationNote {
  id: string;
  /** When it was written (ms since epoch, the observer's clock). */
  at: number;
  /** Minutes into the lesson by the observer's lesson clock, if it was running. */
  minute: number | null;
  /** Index of the lesson step in the plan's flow table. */
  step: number | null;
  pupil: CasePupil | null;
  category: NoteCategory;
  text: string;
  observerId: string;
}

export const noteCategoryLabels: Record<NoteCategory, Localized> = {
  pupil_talk: { nb: 'Elevsamtale', nn: 'Elevsamtale', en: 'Pupil talk' },
  pupil_work: { nb: 'Elevarbeid', nn: 'Elevarbeid', en: 'Pupil work' },
  teacher_move: { nb: 'Lærergrep', nn: 'Lærargrep', en: 'Teacher move' },
  other: { nb: 'Annet', nn: 'Anna', en: 'Other' },
};

/** The lesson as the observers need it, read from the plan's blocks (shared/blocks/read.ts). */
export interface LessonOutline {
  planId: string;
  title: string;
  /** The lesson-flow rows in order; `id` stays the same when the plan is copied into the next round. */
  steps: Array<{ id: string | null; activity: string; time: string; anticipated: string; support: string; observe: string }>;
  casePupils: Array<{ id: string | null; code: string; why: string; prediction: string }>;
  /** The plan's observation focus, if it has one. */
  focus: string;
  /** When the lesson's shared clock was started (ms since epoch), or null. */
  clockStartedAt: number | null;
}

/**
 * Minutes into the lesson when a note was written, by the lesson's shared clock; a note written
 * before the clock was known keeps the minute its observer's device gave it.
 */
export function lessonMinute(note: Pick<ObservationNote, 'at' | 'minute'>, clockStartedAt: number | null): number | null {
  if (clockStartedAt === null || note.at < clockStartedAt) return note.minute;
  return Math.floor((note.at - clockStartedAt) / 60_000);
}

export interface TimelineNote extends ObservationNote {
  documentId: string;
  observerName: string;
}
