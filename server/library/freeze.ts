import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { findPupilReferences } from '../../shared/pupil-references';
import type { PupilReferenceHit } from '../../shared/schemas/library';
import { documentText } from '../documents/document-text';
import { contentOnly } from '../versions/versions';

const FIELD = 'default';
/** A document is input from whoever edited it: the walk is iterative and stops here. */
const MAX_NODES = 200_000;
const CONTEXT = 40;
const MAX_HITS = 200;

/**
 * What an evidence card may carry beyond the team: the note's words, its time, step and case code.
 * Who observed, and links into the team's own documents, stay behind.
 */
const TEAM_ONLY_EVIDENCE = ['observer', 'sourceDocumentId', 'noteId', 'planId'];

export interface FrozenCopy {
  /** The content as a fresh Yjs update (no history, no deleted text), deflated. */
  content: Buffer;
  text: string;
}

/** The content of a document as it may leave the team: a fresh copy with team-only details removed. */
export function freeze(state: Uint8Array): FrozenCopy {
  const live = new Y.Doc();
  Y.applyUpdate(live, state);
  const fresh = contentOnly(live);
  live.destroy();
  const stack: Array<Y.XmlElement | Y.XmlFragment> = [fresh.getXmlFragment(FIELD)];
  let visited = 0;
  fresh.transact(() => {
    while (stack.length > 0 && visited++ < MAX_NODES) {
      const node = stack.pop()!;
      if (node instanceof Y.XmlElement && node.nodeName === 'evidenceCard') {
        for (const name of TEAM_ONLY_EVIDENCE) node.removeAttribute(name);
      }
      for (const child of node.toArray()) if (child instanceof Y.XmlElement) stack.push(child);
    }
  });
  const copy = { content: deflateRawSync(Y.encodeStateAsUpdate(fresh)), text: documentText(fresh) };
  fresh.destroy();
  return copy;
}

/** The frozen content as ProseMirror JSON, for a read-only view. */
export function frozenJson(content: Buffer): unknown {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, inflateRawSync(content));
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(FIELD));
  doc.destroy();
  return json;
}

/** The frozen content as a Yjs update, to start a new document from. */
export const frozenState = (content: Buffer): Uint8Array => inflateRawSync(content);

/** Places in the text that look like a pupil's name, each with the words around it. */
export function pupilReferences(text: string): PupilReferenceHit[] {
  return findPupilReferences(text)
    .slice(0, MAX_HITS)
    .map((r) => ({
      word: r.word,
      reason: r.reason,
      before: text.slice(Math.max(0, r.start - CONTEXT), r.start).replace(/\s+/g, ' ').trimStart(),
      after: text.slice(r.end, r.end + CONTEXT).replace(/\s+/g, ' ').trimEnd(),
    }));
}

export const countWords = (text: string): number => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
