import { useEffect, useMemo, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { NOTES_FIELD, type LessonOutline, type ObservationNote, type TimelineNote } from '../../shared/observation';
import { api, call } from '../api/client';

const collabUrl = () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;

/**
 * Every observer's notes for a lesson, live: one read connection per observation document,
 * merged in time order. `documentId` may be the plan or any document of its lesson.
 */
export function useLessonTimeline(documentId: string, enabled = true) {
  const [outline, setOutline] = useState<LessonOutline | null>(null);
  const [observers, setObservers] = useState<Array<{ id: string; observerName: string; createdBy: string | null }>>([]);
  const [notes, setNotes] = useState<Map<string, ObservationNote[]>>(new Map());
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const load = async () => {
      try {
        const [o, list] = await Promise.all([
          call(api.documents[':documentId'].lesson.$get({ param: { documentId } })),
          call(api.documents[':documentId'].observations.$get({ param: { documentId } })),
        ]);
        if (cancelled) return;
        setOutline(o);
        setObservers((prev) => (JSON.stringify(prev.map((p) => p.id)) === JSON.stringify(list.observations.map((x) => x.id)) ? prev : list.observations));
      } catch {
        if (!cancelled) setFailed(true);
      }
    };
    void load();
    // New observers join during the lesson.
    const timer = setInterval(load, 15_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [documentId, enabled]);

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
  return { outline, observers, notes: merged, failed };
}
