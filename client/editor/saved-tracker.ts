import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';

/**
 * Knows whether this device's edits are stored on the server. After local changes it asks the
 * server (on the same socket, so after the changes themselves) to confirm once everything it sent
 * is committed. "Saved" is only ever shown on that confirmation.
 */
export function trackSaved(provider: WebsocketProvider, ydoc: Y.Doc, onChange: (unsaved: number) => void) {
  let localChanges = 0;
  let confirmed = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const ask = () => {
    timer = null;
    const ws = provider.ws;
    if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.SAVED);
    encoding.writeVarUint(encoder, localChanges);
    ws.send(encoding.toUint8Array(encoder));
  };
  const askSoon = () => {
    timer ??= setTimeout(ask, 30);
  };

  provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
    confirmed = Math.max(confirmed, decoding.readVarUint(decoder));
    onChange(localChanges - confirmed);
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // came from the server: stored already
    localChanges++;
    onChange(localChanges - confirmed);
    askSoon();
  };
  const onSync = (synced: boolean) => {
    // On (re)connect the sync exchange sends what the server lacks; confirm it arrived.
    if (synced && localChanges > confirmed) askSoon();
  };
  ydoc.on('update', onUpdate);
  provider.on('sync', onSync);
  return () => {
    if (timer) clearTimeout(timer);
    ydoc.off('update', onUpdate);
    provider.off('sync', onSync);
  };
}
