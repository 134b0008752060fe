import type { DocumentStore } from '../sync/document-store';
import type { StoreTimings } from './metrics';

const since = (started: number) => (performance.now() - started) / 1000;

/** The same store, timing loads, commits and compactions; the sync server does not know. */
export function instrumentStore(store: DocumentStore, timings: StoreTimings): DocumentStore {
  return {
    async load(documentId) {
      const started = performance.now();
      const stored = await store.load(documentId);
      timings.loaded(since(started));
      return stored;
    },
    async append(documentId, update) {
      const started = performance.now();
      const seq = await store.append(documentId, update);
      timings.committed(since(started));
      return seq;
    },
    async compact(documentId, state, throughSeq) {
      const started = performance.now();
      await store.compact(documentId, state, throughSeq);
      timings.compacted(since(started));
    },
    flush: () => store.flush(),
    close: async () => store.close?.(),
  };
}
