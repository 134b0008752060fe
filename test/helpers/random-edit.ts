import * as prng from 'lib0/prng';
import * as Y from 'yjs';

const WORDS = ['elev', 'brøk', ' ', 'hvorfor', 'A', 'B', 'C', 'æøå', '!', 'tid', '\n'];

/** One random Tiptap-shaped edit: paragraphs of formatted text in the `default` fragment. */
export function randomEdit(gen: prng.PRNG, fragment: Y.XmlFragment): void {
  const doc = fragment.doc!;
  const paragraphs = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const roll = prng.uint32(gen, 0, 99);
  doc.transact(() => {
    if (paragraphs.length === 0 || roll < 12) {
      const p = new Y.XmlElement(prng.bool(gen) ? 'paragraph' : 'heading');
      if (p.nodeName === 'heading') p.setAttribute('level', String(prng.uint32(gen, 1, 3)));
      p.insert(0, [new Y.XmlText(prng.oneOf(gen, WORDS))]);
      fragment.insert(prng.uint32(gen, 0, fragment.length), [p]);
      return;
    }
    const p = prng.oneOf(gen, paragraphs);
    if (roll < 17 && paragraphs.length > 1) {
      fragment.delete(fragment.toArray().indexOf(p), 1);
      return;
    }
    let text = p.get(0);
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      p.insert(0, [text]);
    }
    const t = text as Y.XmlText;
    const len = t.length;
    const pos = prng.uint32(gen, 0, len);
    if (roll < 65 || len === 0) {
      t.insert(pos, prng.oneOf(gen, WORDS), prng.bool(gen) ? { bold: {} } : {});
    } else if (roll < 85) {
      t.delete(pos, Math.min(len - pos, prng.uint32(gen, 1, 4)));
    } else {
      t.format(pos, Math.min(len - pos, prng.uint32(gen, 1, 6)), prng.bool(gen) ? { italic: {} } : { bold: null });
    }
  });
}
