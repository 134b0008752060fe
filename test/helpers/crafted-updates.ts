/**
 * Yjs updates a hand-made client can send, for tests of what the server does with them.
 *
 * Updates that pass `Y.decodeUpdate` but throw part-way through `Y.applyUpdate` (read from
 * yjs/src/utils/encoding.js and structs/Item.js, 13.6):
 *   - `integrateStructs` applies a client's structs in order. `Item.getMissing` only treats an
 *     origin or right origin as missing when it belongs to *another* client; one that points at a
 *     clock of the item's own client that does not exist yet goes straight to `getItemCleanStart`,
 *     whose `findIndexSS` throws "Unexpected case". Structs earlier in the update are already
 *     integrated by then: `throwingUpdate` is a valid first struct followed by such a second one.
 *   - Deleting a subtree thousands of levels deep recurses through `ContentType.delete` and, at
 *     the end of the transaction, `ContentType.gc` until the stack runs out: the deletions before
 *     the throw are applied, and the update event is never emitted (the throw happens in the
 *     transaction's cleanup, before it). `deepDeleteUpdate` deletes the root of a deep subtree.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const INFO_STRING = 4;
const INFO_HAS_RIGHT_ORIGIN = 0x40;

/** A V1 update with one client's structs, written by hand. */
function v1Update(client: number, clock: number, structs: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, structs.length);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (const write of structs) write(e);
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

/**
 * Passes decodeUpdate; applying it integrates `text` into the root XmlFragment `field` (as a bare
 * string item) and then throws. `client` must be a client id the document has not seen.
 */
export function throwingUpdate(client: number, text: string, field = 'default'): Uint8Array {
  return v1Update(client, 0, [
    (e) => {
      encoding.writeUint8(e, INFO_STRING);
      encoding.writeVarUint(e, 1); // parent is a root type, by name
      encoding.writeVarString(e, field);
      encoding.writeVarString(e, text);
    },
    (e) => {
      encoding.writeUint8(e, INFO_STRING | INFO_HAS_RIGHT_ORIGIN);
      encoding.writeVarUint(e, client); // right origin: this client's own clock 1,000,000
      encoding.writeVarUint(e, 1_000_000);
      encoding.writeVarString(e, 'x');
    },
  ]);
}

/** An update that nests `depth` elements into `fragment`'s document, with `text` at the bottom. */
export function deepUpdate(base: Y.Doc, depth: number, text: string, field = 'default'): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    let at: Y.XmlFragment = doc.getXmlFragment(field);
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement('blockquote');
      at.insert(at.length, [el]);
      at = el;
    }
    at.insert(0, [new Y.XmlText(text)]);
  });
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/**
 * An update that only deletes the first element of the document's root fragment: for a deep
 * subtree, one that throws in Yjs's own recursion.
 */
export function deleteFirstUpdate(base: Y.Doc, field = 'default'): Uint8Array {
  const fragment = base.getXmlFragment(field);
  const first = fragment.get(0) as Y.XmlElement | undefined;
  if (!first?._item) throw new Error('nothing to delete');
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, 1); // one client in the delete set
  encoding.writeVarUint(e, first._item.id.client);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, first._item.id.clock);
  encoding.writeVarUint(e, 1);
  return encoding.toUint8Array(e);
}

/** An update whose first struct depends on a struct of another client the document has not got. */
export function pendingUpdate(client: number, text: string): { update: Uint8Array; missing: Uint8Array } {
  const writer = new Y.Doc();
  writer.clientID = client;
  const first = new Y.XmlText('');
  writer.getXmlFragment('default').insert(0, [first]);
  const missing = Y.encodeStateAsUpdate(writer);
  const sv = Y.encodeStateVector(writer);
  first.insert(0, text);
  const update = Y.encodeStateAsUpdate(writer, sv);
  writer.destroy();
  return { update, missing };
}
