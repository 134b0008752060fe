import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { LESSON_FIELD, NOTES_FIELD, type ObservationNote } from '../../shared/observation';
import { useI18n } from '../i18n';

/** The notes in an observation document, kept current as they change (locally or remotely). */
export function useNotes(doc: Y.Doc | null): { notes: ObservationNote[]; clockStartedAt: number | null } {
  const [state, setState] = useState<{ notes: ObservationNote[]; clockStartedAt: number | null }>({ notes: [], clockStartedAt: null });
  useEffect(() => {
    if (!doc) return;
    const notes = doc.getArray<Y.Map<unknown>>(NOTES_FIELD);
    const lesson = doc.getMap<unknown>(LESSON_FIELD);
    const read = () => {
      const list = notes
        .toArray()
        .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
        .map((m) => m.toJSON() as ObservationNote)
        .filter((n) => typeof n.id === 'string' && typeof n.at === 'number');
      const started = lesson.get('clockStartedAt');
      setState({ notes: list.toSorted((a, b) => a.at - b.at), clockStartedAt: typeof started === 'number' ? started : null });
    };
    read();
    notes.observeDeep(read);
    lesson.observe(read);
    return () => {
      notes.unobserveDeep(read);
      lesson.unobserve(read);
    };
  }, [doc]);
  return state;
}

export function addNote(doc: Y.Doc, note: ObservationNote): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(note)) map.set(key, value);
  doc.getArray(NOTES_FIELD).push([map]);
}

export function startClock(doc: Y.Doc, at = Date.now()): void {
  doc.getMap(LESSON_FIELD).set('clockStartedAt', at);
}

export const formatClock = (ms: number) => {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
};

/** A note's time of day, as the reader's language writes it. */
export function useNoteTime(): (note: { at: number }) => string {
  const { formatTime } = useI18n();
  return (note) => formatTime(note.at);
}
