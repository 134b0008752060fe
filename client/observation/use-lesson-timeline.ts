import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { NOTES_FIELD, type ObservationNote, type TimelineNote } from '../../shared/observation';
import { lessonQuery, observationsQuery } from '../api/queries';
import { collabUrl } from '../editor/use-collab-session';

/**
 * Every observer's notes for a lesson, live: one read connection per observation document,
 * merged in time order. `documentId` may be the plan or any document of its lesson.
 */
export function useLessonTimeline(documentId: string, enabled = true) {
  const lesson = useQuery({ ...lessonQuery(documentId), enabled });
  const list = useQuery({ ...observationsQuery(documentId), enabled });
  const observers = useMemo(() => list.data ?? [], [list.data]);
  const [notes, setNotes] = useState<Map<string, ObservationNote[]>>(new Map());

  const ids = observers.map((o) => o.id).join(',');
  useEffect(() => {
    if (!ids) return;
    const connections = ids.split(',').map((id) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(collabUrl(), id, doc);
      const array = doc.getArray<Y.Map<unknown>>(NOTES_FIELD);
      const read = () =>
        setNotes((prev) =>
          new Map(prev).set(
            id,
            array
              .toArray()
              .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
              .map((m) => m.toJSON() as ObservationNote)
              .filter((n) => typeof n.id === 'string' && typeof n.at === 'number'),
          ),
        );
      array.observeDeep(read);
      return { provider, doc, array, read };
    });
    return () => {
      for (const c of connections) {
        c.array.unobserveDeep(c.read);
        c.provider.destroy();
        c.doc.destroy();
      }
    };
  }, [ids]);

  const merged = useMemo<TimelineNote[]>(
    () =>
      observers
        .flatMap((o) => (notes.get(o.id) ?? []).map((n) => ({ ...n, documentId: o.id, observerName: o.observerName, observerId: o.createdBy ?? n.observerId })))
        .toSorted((a, b) => a.at - b.at || a.id.localeCompare(b.id)),
    [observers, notes],
  );
  return {
    outline: lesson.data ?? null,
    observers,
    notes: merged,
    /** Still loading the plan or the list of observers. */
    pending: lesson.isPending || list.isPending,
    error: lesson.error ?? list.error,
  };
}
