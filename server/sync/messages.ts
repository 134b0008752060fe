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
export function awarenessUpdate(states: Array<[number, number, string | null]>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, states.length);
  for (const [clientId, clock, json] of states) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json ?? 'null');
  }
  return encoding.toUint8Array(encoder);
}

/** The same as a frame for sockets. */
export const awarenessMessage = (states: Array<[number, number, string | null]>) =>
  frame(MessageType.AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessUpdate(states)));

export const permissionDeniedMessage = (reason: string) =>
  frame(MessageType.AUTH, (e) => authProtocol.writePermissionDenied(e, reason));

export const savedMessage = (nonce: number) => frame(MessageType.SAVED, (e) => encoding.writeVarUint(e, nonce));

export const commentsChangedMessage = (threadId: string) =>
  frame(MessageType.COMMENTS, (e) => encoding.writeVarString(e, threadId));

export const meetingChangedMessage = () => frame(MessageType.MEETING, () => {});

export const lessonChangedMessage = () => frame(MessageType.LESSON, () => {});
