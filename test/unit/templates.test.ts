import { getSchema } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentExtensions } from '../../client/editor/content-extensions';
import { DocumentKinds } from '../../shared/document-kinds';
import { Locales } from '../../shared/locale';
import { type TemplateNode, templates } from '../../shared/templates';
import { templateToUpdate } from '../../server/documents/template-to-yjs';

const schema = getSchema(contentExtensions());

function load(update: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), schema);
}

/** Drops attrs the schema fills in by default, so template JSON and editor JSON compare. */
function normalize(nodes: TemplateNode[] | undefined): unknown {
  return (nodes ?? []).map((n) => ({
    type: n.type,
    ...(n.text !== undefined ? { text: n.text } : {}),
    ...(n.marks ? { marks: n.marks.map((m) => m.type) } : {}),
    ...(n.content && n.content.length > 0 ? { content: normalize(n.content) } : {}),
  }));
}

describe('templates', () => {
  for (const kind of DocumentKinds) {
    for (const locale of Locales) {
      it(`${kind} (${locale}) becomes a valid editor document with exactly the template's structure`, async () => {
        const nodes = templates[kind](locale);
        const pm = await load(templateToUpdate(nodes));
        pm.check(); // throws if the content violates the editor's schema
        const json = pm.toJSON() as { content: TemplateNode[] };
        expect(normalize(json.content)).toEqual(normalize(nodes));
      });
    }
  }

  it('the research-lesson plan has the lesson-flow table with its five columns and case pupils A–C', async () => {
    const pm = await load(templateToUpdate(templates.lesson_plan('nb')));
    const tables: Array<{ rows: string[][] }> = [];
    pm.descendants((node) => {
      if (node.type.name === 'table') {
        const rows: string[][] = [];
        node.forEach((row) => {
          const cells: string[] = [];
          row.forEach((cell) => {
            cells.push(cell.textContent);
          });
          rows.push(cells);
        });
        tables.push({ rows });
        return false;
      }
      return true;
    });
    expect(tables[0]!.rows[0]).toEqual([
      'Aktivitet og nøkkelspørsmål',
      'Tid',
      'Forventede elevsvar (prediksjon)',
      'Lærerstøtte',
      'Hva skal observeres',
    ]);
    expect(tables[1]!.rows.map((r) => r[0])).toEqual(['Case-elev', 'A', 'B', 'C']);
  });
});
