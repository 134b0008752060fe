/** A title as a file name: letters (æøå too), digits, spaces and dashes. */
export const fileName = (title: string) => title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'dokument';

/** Content-Disposition for a download, with the UTF-8 name for browsers that read it. */
export const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
