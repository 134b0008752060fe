import { getSchema } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentExtensions } from '../../client/editor/content-extensions';
import { BlockNode } from '../../shared/blocks/names';
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

  it('the research-lesson plan has the lesson-flow block with its five fields per step and case pupils A–C', async () => {
    const pm = await load(templateToUpdate(templates.lesson_plan('nb')));
    const blocks: Array<{ name: string; rows: string[][] }> = [];
    pm.descendants((node) => {
      if (node.type.name === BlockNode.lessonFlow || node.type.name === BlockNode.casePupils) {
        const rows: string[][] = [];
        node.forEach((row) => {
          const fields: string[] = [];
          row.forEach((field) => {
            fields.push(`${String(field.attrs.name)}=${field.textContent}`);
          });
          rows.push(fields);
        });
        blocks.push({ name: node.type.name, rows });
        return false;
      }
      return true;
    });
    expect(blocks.map((b) => b.name)).toEqual([BlockNode.lessonFlow, BlockNode.casePupils]);
    expect(blocks[0]!.rows[0]).toEqual(['activity=Introduksjon', 'time=', 'anticipated=', 'support=', 'observe=']);
    expect(blocks[1]!.rows.map((r) => r[0])).toEqual(['code=A', 'code=B', 'code=C']);
  });
});
