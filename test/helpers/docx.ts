import { strFromU8, unzipSync } from 'fflate';

/** Opens a .docx (a zip of XML parts) and returns its main document part and its visible text. */
export function readDocx(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const xml = files['word/document.xml'];
  if (!files['[Content_Types].xml'] || !xml) throw new Error('not a Word document');
  const documentXml = strFromU8(xml);
  const text = [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
  return { files: Object.keys(files), documentXml, text };
}
