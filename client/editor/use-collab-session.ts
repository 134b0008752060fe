import { useEffect, useRef, useState } from 'react';
import * as authProtocol from 'y-protocols/auth';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import { trackSaved } from './saved-tracker';

export type CollabStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused' | 'not_found' | 'deleted' | 'revoked' | 'unauthenticated';

/** Close codes after which the provider stops reconnecting, as what the page then shows. */
const terminalStatus: Partial<Record<number, CollabStatus>> = {
  [CloseCode.NOT_FOUND]: 'not_found',
  [CloseCode.DELETED]: 'deleted',
  [CloseCode.ACCESS_REVOKED]: 'revoked',
  [CloseCode.UNAUTHENTICATED]: 'unauthenticated',
};

export interface CollabSession {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  /**
   * Server events for this document: `change` (detail: thread id, or null after reconnecting) when
   * comments changed, `meeting` when its meeting moved on, `lesson` when its lesson's clock
   * started, `permission` when what this person may do here changed.
   */
  events: EventTarget;
}

export interface Presence {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
  /** A leader of the team's school looking in (labelled "Skoleleder"), not a member of the team. */
  schoolLeader: boolean;
}

/**
 * Device copies being deleted after a refusal, by IndexedDB name. The next session of that document
 * opens its copy only once the deletion is done: opened before, it would read the refused edits
 * back into the editor (y-indexeddb's clearData does not wait for the deletion itself).
 */
const deletingCopies = new Map<string, Promise<void>>();

function deleteDeviceCopy(name: string, copy: IndexeddbPersistence | null): void {
  const before = deletingCopies.get(name);
  const deleted = (async () => {
    await before;
    await copy?.destroy();
    await clearDocument(name);
  })().catch(() => undefined);
  deletingCopies.set(name, deleted);
  void deleted.then(() => {
    if (deletingCopies.get(name) === deleted) deletingCopies.delete(name);
  });
}

export const collabUrl = () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;

/**
 * One live document: a Y.Doc kept on this device (IndexedDB) and synced with the server.
 * The session lives as long as the component that opened it.
 *
 * Edits the server refuses (this person lost the right to edit while typing) are never called
 * saved: the session says so, drops this device's copy and starts again from what the server has.
 * `canEdit` is what the page knows of this person's access: someone who never could edit here made
 * no edits to lose (a reader's editor may tidy the document, a trailing paragraph, say; the server
 * refuses that quietly, and nothing is reset for it).
 */
export function useCollabSession(documentId: string, user: { name: string; color: string }, canEdit = false) {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<CollabStatus>('connecting');
  const [unsaved, setUnsaved] = useState(0);
  const [presence, setPresence] = useState<Presence[]>([]);
  /** Edits were refused and taken out (stays true for the page, so it can say so). */
  const [refused, setRefused] = useState(false);
  /** When the server last said this person's access changed (ms), so the page re-reads it. */
  const [accessChangedAt, setAccessChangedAt] = useState(0);
  const [generation, setGeneration] = useState(0);
  const userRef = useRef(user);
  userRef.current = user;
  const couldEdit = useRef(false);
  if (canEdit) couldEdit.current = true;

  useEffect(() => {
    const ydoc = new Y.Doc();
    const copyName = `fellesrom:${documentId}`;
    let local: IndexeddbPersistence | null = null;
    let ended = false;
    const keepDeviceCopy = () => {
      if (!ended) local = new IndexeddbPersistence(copyName, ydoc);
    };
    // While another tab holds the old copy open its deletion waits; this session syncs meanwhile and
    // keeps no device copy until the deletion is through.
    const deleting = deletingCopies.get(copyName);
    if (deleting) void deleting.then(keepDeviceCopy);
    else keepDeviceCopy();
    const provider = new WebsocketProvider(collabUrl(), documentId, ydoc);
    provider.awareness.setLocalStateField('user', userRef.current);
    let unsavedNow = 0;
    let terminal: CollabStatus | null = null;
    let dropLocalCopy = false;

    const update = () => {
      if (terminal) return setStatus(terminal);
      if (provider.wsconnected && provider.synced) setStatus(unsavedNow > 0 ? 'saving' : 'saved');
      else if (provider.wsconnected || (provider.wsconnecting && provider.wsUnsuccessfulReconnects === 0)) setStatus('connecting');
      else setStatus('offline');
    };
    const events = new EventTarget();
    provider.messageHandlers[MessageType.COMMENTS] = (_encoder, decoder) => {
      events.dispatchEvent(new CustomEvent('change', { detail: decoding.readVarString(decoder) }));
    };
    provider.messageHandlers[MessageType.MEETING] = () => {
      events.dispatchEvent(new CustomEvent('meeting'));
    };
    provider.messageHandlers[MessageType.LESSON] = () => {
      events.dispatchEvent(new CustomEvent('lesson'));
    };
    // The server refused an edit from this device: it holds content the server does not.
    provider.messageHandlers[MessageType.AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, ydoc, () => {
        if (terminal === 'refused' || !couldEdit.current) return;
        terminal = 'refused';
        dropLocalCopy = true;
        update();
        setRefused(true);
        setAccessChangedAt(Date.now());
        events.dispatchEvent(new CustomEvent('permission'));
        // Start again from the server's copy (the refused edits go with this one).
        setGeneration((g) => g + 1);
      });
    };
    const subscribeToComments = ({ status }: { status: string }) => {
      if (status !== 'connected' || !provider.ws) return;
      provider.ws.send(new Uint8Array([MessageType.COMMENTS]));
    };
    // Once synced, the server has taken the subscription (it answers in order, after loading the
    // document): from here on every change is notified, and whatever changed before is fetched now.
    const catchUp = (synced: boolean) => {
      if (!synced) return;
      events.dispatchEvent(new CustomEvent('change', { detail: null }));
      events.dispatchEvent(new CustomEvent('meeting'));
      events.dispatchEvent(new CustomEvent('lesson'));
    };
    provider.on('status', subscribeToComments);
    provider.on('sync', catchUp);
    const stopTracking = trackSaved(provider, ydoc, (n) => {
      unsavedNow = n;
      setUnsaved(n);
      update();
    });
    const onClosed = ({ code }: { code: number }) => {
      if (code === CloseCode.PERMISSION_CHANGED) {
        setAccessChangedAt(Date.now());
        events.dispatchEvent(new CustomEvent('permission'));
      }
      if (terminal === 'refused') return;
      terminal = terminalStatus[code] ?? null;
      update();
    };
    const onAwareness = () => {
      // One avatar per person, however many tabs or devices they have open.
      const people = new Map<string, Presence>();
      provider.awareness.getStates().forEach((state, clientId) => {
        const u = state.user as { id?: unknown; name?: unknown; color?: unknown; standing?: unknown } | undefined;
        if (!u || typeof u.name !== 'string') return;
        const key = typeof u.id === 'string' ? u.id : `client:${clientId}`;
        const self = clientId === ydoc.clientID || people.get(key)?.self === true;
        people.set(key, { clientId, name: u.name, color: typeof u.color === 'string' ? u.color : '#37474f', self, schoolLeader: u.standing === 'school_leader' });
      });
      const list = [...people.values()];
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setPresence(list);
    };
    // Classroom Wi-Fi: when the device says it is offline, stop trying and say so at once.
    const goOffline = () => provider.disconnect();
    const goOnline = () => provider.connect();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    if (!navigator.onLine) provider.disconnect();
    provider.on('status', update);
    provider.on('sync', update);
    provider.on('closed', onClosed);
    provider.awareness.on('change', onAwareness);
    onAwareness();
    update();
    setSession({ ydoc, provider, events });

    return () => {
      stopTracking();
      provider.off('status', subscribeToComments);
      provider.off('sync', catchUp);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      ended = true;
      if (dropLocalCopy) deleteDeviceCopy(copyName, local);
      else void (local as IndexeddbPersistence | null)?.destroy();
      ydoc.destroy();
      setSession(null);
      setUnsaved(0);
    };
  }, [documentId, generation]);

  // A new name or colour goes out as presence, without reconnecting.

  useEffect(() => {
    session?.provider.awareness.setLocalStateField('user', user);
  }, [session, user]);

  return { session, status, unsaved, presence, refused, accessChangedAt };
}
