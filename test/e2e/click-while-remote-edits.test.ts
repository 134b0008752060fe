import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

const suite = browserSuite();
const ATTEMPTS = Number(process.env.CLICK_ATTEMPTS ?? 24);

const field = (page: Page, row: number, column: number) =>
  page.locator('.ProseMirror [data-block="lessonFlow"] .block-row').nth(row).locator('.block-field').nth(column);

/** Records, in the page, what happens around each click: mouse, DOM selection, editor transactions. */
function installRecorder(page: Page) {
  return page.evaluate(() => {
    const dom = document.querySelector('.ProseMirror') as HTMLElement & { editor: any };
    const editor = dom.editor;
    const log: string[] = [];
    (window as any).__log = log;
    const where = (node: Node | null): string => {
      if (!node) return 'none';
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      const f = el?.closest('.block-field');
      if (!f) return `outside(${el?.tagName ?? '?'})`;
      const row = f.closest('.block-row')!;
      const rows = [...row.parentElement!.children];
      return `field(${rows.indexOf(row)},${[...row.children].indexOf(f)})${node.isConnected ? '' : '[detached]'}`;
    };
    const t0 = performance.now();
    const at = () => (performance.now() - t0).toFixed(1);
    document.addEventListener('mousedown', (e) => log.push(`${at()} mousedown ${where(e.target as Node)}`), true);
    document.addEventListener('mouseup', (e) => log.push(`${at()} mouseup ${where(e.target as Node)} connected=${(e.target as Node).isConnected}`), true);
    document.addEventListener('selectionchange', () => log.push(`${at()} selectionchange dom=${where(getSelection()?.anchorNode ?? null)}`));
    dom.addEventListener('focus', () => log.push(`${at()} focus`));
    editor.on('transaction', ({ transaction }: any) => {
      const meta = Object.keys(transaction.meta ?? {}).join('+');
      const sel = editor.view.domAtPos(editor.state.selection.anchor).node;
      log.push(`${at()} tr docChanged=${transaction.docChanged} selSet=${transaction.selectionSet} meta=${meta} pm=${where(sel)} dom=${where(getSelection()?.anchorNode ?? null)}`);
    });
  });
}

describe('a click into an empty lesson-flow field while a colleague types (Chromium)', () => {
  it('places the caret in the clicked field every time', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    void cycleId;
    const ola = await addMember(leader, teamId, 'member', 'Ola Hansen');
    const typist = await (await personContext(suite.browser, leader)).newPage();
    const clicker = await (await personContext(suite.browser, ola)).newPage();
    for (const page of [typist, clicker]) {
      await page.goto(`${suite.server.url}/documents/${planId}`);
      await page.locator('.ProseMirror [data-block="lessonFlow"]').waitFor();
      await eventually(page, 'saved', () => syncStatus(page), 'saved');
    }
    await installRecorder(clicker);

    // The colleague types into step 1's "anticipated" field for as long as the clicks go on.
    await field(typist, 0, 2).click();
    let typing = true;
    const typed = (async () => {
      while (typing) await typist.keyboard.type('abc def ', { delay: 10 });
    })();

    const targets: Array<[number, number]> = [];
    for (let row = 0; row < 3; row++) for (let column = 1; column < 5; column++) if (!(row === 0 && column === 2)) targets.push([row, column]);
    const lost: string[] = [];
    try {
      for (let i = 0; i < ATTEMPTS; i++) {
        const [row, column] = targets[i % targets.length]!;
        // As when the plan was just opened: the editor unfocused, its selection at the start.
        await clicker.evaluate((noBlur) => {
          const editor = (document.querySelector('.ProseMirror') as any).editor;
          editor.commands.setTextSelection(1);
          if (!noBlur) editor.view.dom.blur();
          (window as any).__log.length = 0;
        }, Boolean(process.env.NO_BLUR));
        await field(clicker, row, column).click();
        const marker = `¤${i}¤`;
        await clicker.keyboard.type(marker);
        const holder = await eventually(
          clicker,
          `marker ${marker} in the editor`,
          () =>
            clicker.evaluate((m) => {
              const editor = (document.querySelector('.ProseMirror') as any).editor;
              let found: string | null = null;
              editor.state.doc.descendants((node: any, pos: number) => {
                if (found === null && node.isTextblock && node.textContent.includes(m)) found = `${pos}`;
              });
              if (found === null) return null;
              const f = [...document.querySelectorAll('.ProseMirror [data-block="lessonFlow"] .block-row')].flatMap((r, ri) =>
                [...r.querySelectorAll('.block-field')].map((el, ci) => ({ el, key: `field(${ri},${ci})` })),
              );
              return f.find(({ el }) => el.textContent?.includes(m))?.key ?? `elsewhere(pos ${found})`;
            }, marker),
          (v) => v !== null,
        );
        if (holder !== `field(${row},${column})`) {
          lost.push(`click ${i} on field(${row},${column}) typed into ${holder}:\n  ${(await clicker.evaluate(() => (window as any).__log as string[])).join('\n  ')}`);
        }
        // Empties the field again (and wherever the marker went) for the next round.
        await clicker.evaluate((m) => {
          const editor = (document.querySelector('.ProseMirror') as any).editor;
          const ranges: Array<[number, number]> = [];
          editor.state.doc.descendants((node: any, pos: number) => {
            if (node.isText && node.text.includes(m)) {
              const from = pos + node.text.indexOf(m);
              ranges.push([from, from + m.length]);
            }
          });
          const tr = editor.state.tr;
          for (const [from, to] of ranges.reverse()) tr.delete(from, to);
          editor.view.dispatch(tr);
        }, marker);
      }
    } finally {
      typing = false;
      await typed;
    }
    console.log(`lost clicks: ${lost.length} of ${ATTEMPTS}\n${lost.join('\n')}`);
    expect(lost).toEqual([]);
  });
});
