import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';

/** Encoders for the frames the sync server sends. */
function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (doc: Y.Doc) => frame(MessageType.SYNC, (e) => syncProtocol.writeSyncStep1(e, doc));

export const syncStep2Message = (update: Uint8Array) =>
  frame(MessageType.SYNC, (e) => {
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });

export const updateMessage = (update: Uint8Array) => frame(MessageType.SYNC, (e) => syncProtocol.writeUpdate(e, update));

/** An awareness update (y-protocols' encoding) of [client id, clock, state as JSON or null] entries. */
export const awarenessMessage = (states: Array<[number, number, string | null]>) =>
  frame(MessageType.AWARENESS, (e) => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, states.length);
    for (const [clientId, clock, json] of states) {
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, json ?? 'null');
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

export const permissionDeniedMessage = (reason: string) =>
  frame(MessageType.AUTH, (e) => authProtocol.writePermissionDenied(e, reason));

export const savedMessage = (nonce: number) => frame(MessageType.SAVED, (e) => encoding.writeVarUint(e, nonce));

export const commentsChangedMessage = (threadId: string) =>
  frame(MessageType.COMMENTS, (e) => encoding.writeVarString(e, threadId));

export const meetingChangedMessage = () => frame(MessageType.MEETING, () => {});

export const lessonChangedMessage = () => frame(MessageType.LESSON, () => {});
