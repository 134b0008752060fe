import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
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

export const awarenessMessage = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  frame(MessageType.AWARENESS, (e) =>
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients)),
  );

export const permissionDeniedMessage = (reason: string) =>
  frame(MessageType.AUTH, (e) => authProtocol.writePermissionDenied(e, reason));

export const savedMessage = (nonce: number) => frame(MessageType.SAVED, (e) => encoding.writeVarUint(e, nonce));

export const commentsChangedMessage = (threadId: string) =>
  frame(MessageType.COMMENTS, (e) => encoding.writeVarString(e, threadId));

export const meetingChangedMessage = () => frame(MessageType.MEETING, () => {});

export const lessonChangedMessage = () => frame(MessageType.LESSON, () => {});
