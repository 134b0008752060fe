import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { connectSynced, editAndWaitStored } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();

const editorText = (page: Page) => page.locator('.ProseMirror').first().innerText();

/** The paragraph inside a cell of the document's first table (row 0 is the header row). */
function cellParagraph(fragment: Y.XmlFragment, row: number, column: number): Y.XmlElement {
  const table = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'table') as Y.XmlElement;
  return ((table.get(row) as Y.XmlElement).get(column) as Y.XmlElement).get(0) as Y.XmlElement;
}
function setCell(fragment: Y.XmlFragment, row: number, column: number, text: string) {
  const p = cellParagraph(fragment, row, column);
  p.delete(0, p.length);
  if (text) p.insert(0, [new Y.XmlText(text)]);
}

async function open(page: Page, documentId: string) {
  await page.goto(`${suite.server.url}/documents/${documentId}`);
  await page.locator('.ProseMirror').first().waitFor();
  await eventually(page, 'the document saved', () => syncStatus(page), 'saved');
}

describe('the editor never claims what the server does not hold (Chromium)', () => {
  it('edits refused after a downgrade to read-only are taken out and said so, never shown as saved', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Møtenotat');
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const context = await personContext(suite.browser, mona);
    const page = await context.newPage();
    await open(page, documentId);
    // Every moment the page says "saved" while showing text the server refused is a lie: record them.
    await page.evaluate(() => {
      const w = window as unknown as { lies: string[] };
      w.lies = [];
      let typed = false;
      let takenOut = false;
      const check = () => {
        const status = document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-status');
        const shown = document.querySelector('.ProseMirror')?.textContent?.includes('skrevet i blinde');
        if (status === 'saved' && shown) w.lies.push(status);
        // Once taken out, the refused text must not come back (from the device's own copy, say).
        if (shown && takenOut) w.lies.push('came back');
        if (shown) typed = true;
        else if (typed) takenOut = true;
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });

    // Mona writes in a dead zone; meanwhile the leader makes her a reader.
    await context.setOffline(true);
    await eventually(page, 'offline', () => syncStatus(page), 'offline');
    await page.locator('.ProseMirror p').first().click();
    await page.keyboard.type('skrevet i blinde');
    await eventually(page, 'the offline text', () => editorText(page), (t) => t.includes('skrevet i blinde'));
    expect((await leader.request('PATCH', `/api/teams/${teamId}/members/${mona.user.id}`, { role: 'viewer' })).status).toBe(200);
    await context.setOffline(false);

    await shown(page, 'the refusal said', '[role="alert"]', 'Du kan ikke lenger endre dette dokumentet');
    await eventually(page, 'the refused text taken out', () => editorText(page), (t) => !t.includes('skrevet i blinde'));
    await eventually(page, 'a read-only editor', () => page.locator('.ProseMirror').getAttribute('contenteditable'), 'false');
    await eventually(page, 'in sync with the server again', () => syncStatus(page), 'saved');
    expect(await page.evaluate(() => (window as unknown as { lies: string[] }).lies)).toEqual([]);
    const stored = await connectSynced(suite.server.wsUrl, documentId, leader.cookie);
    expect(stored.fragment.toString()).not.toContain('skrevet i blinde');
    stored.destroy();
    // A reload keeps nothing of it either (the device's copy was dropped too).
    await page.reload();
    await eventually(page, 'saved after a reload', () => syncStatus(page), 'saved');
    expect(await editorText(page)).not.toContain('skrevet i blinde');
  });

  it('a comment on a whole paragraph, a table cell, a lesson-flow field or across two paragraphs keeps its text', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    // A period plan has real tables (its subjects, week by week); a lesson plan has the lesson-flow block.
    const periodId = await createDocument(leader, teamId, 'period_plan', 'Periodeplan');
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const page = await (await personContext(suite.browser, leader)).newPage();
    const comment = async (body: string) => {
      await page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name: 'Kommenter' }).click();
      await page.getByPlaceholder('Skriv en kommentar …').fill(body);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await shown(page, `the thread "${body}"`, '.thread', body);
    };
    const noneLost = async (count: number) => {
      await eventually(page, `${count} threads`, () => page.locator('.thread').count(), count);
      await eventually(page, 'their text highlighted', () => page.locator('.ProseMirror .comment-anchor').count(), (n) => n >= count);
      const threads = await page.locator('.thread').allTextContents();
      expect(threads.filter((t) => t.includes('Teksten kommentaren gjaldt er slettet'))).toEqual([]);
    };

    await open(page, periodId);
    // A whole paragraph (triple-click), a table cell (triple-click), and a range over two paragraphs.
    await page.locator('.ProseMirror p', { hasText: 'Hvilket utfall for elevene' }).click({ clickCount: 3 });
    await comment('Om hele avsnittet');
    await page.locator('.ProseMirror th', { hasText: 'Ansvarlig' }).click({ clickCount: 3 });
    await comment('Om cellen');
    await page.locator('.ProseMirror h2', { hasText: 'Felles tema eller ferdighet' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await comment('Over to avsnitt');
    await noneLost(3);

    await open(page, planId);
    await page.locator('.ProseMirror [data-block="lessonFlow"] .block-field', { hasText: 'Utforsking' }).click({ clickCount: 3 });
    await comment('Om steget');
    await noneLost(1);
  });

  it('Tab and Esc leave a table instead of adding rows', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'period_plan', 'Periodeplan');
    const page = await (await personContext(suite.browser, leader)).newPage();
    await open(page, documentId);
    const rows = () => page.locator('.ProseMirror table').first().locator('tr').count();
    const before = await rows();
    await page.locator('.ProseMirror table').first().locator('tr').last().locator('td').last().click();
    await page.keyboard.press('Tab');
    await eventually(page, 'the focus out of the editor', () => page.evaluate(() => !document.activeElement?.closest('.ProseMirror')), true);
    expect(await rows()).toBe(before);
    // Esc: the cursor goes to just after the table, and typing lands there.
    await page.locator('.ProseMirror table').first().locator('tr').nth(1).locator('td').first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.type('Etter tabellen');
    const after = () => page.locator('.ProseMirror table').first().evaluate((t) => (t.closest('.tableWrapper') ?? t).nextElementSibling?.textContent ?? '');
    await eventually(page, 'the text after the table', after, (t) => t.includes('Etter tabellen'));
    expect(await page.locator('.ProseMirror table').first().textContent()).not.toContain('Etter tabellen');
    expect(await rows()).toBe(before);
  });

  it('compares versions on a page of its own, every cell under its column', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'period_plan', 'Periodeplan');
    await editAndWaitStored(suite.server.wsUrl, documentId, leader.cookie, (f) => setCell(f, 1, 1, 'Kari'));
    expect((await leader.post(`/api/documents/${documentId}/versions`, { name: 'Første utkast' })).status).toBe(201);
    // "Kari" moves from the owner column to the competence-aims column.
    await editAndWaitStored(suite.server.wsUrl, documentId, leader.cookie, (f) => {
      setCell(f, 1, 1, '');
      setCell(f, 1, 2, 'Kari');
    });
    const page = await (await personContext(suite.browser, leader)).newPage();
    await open(page, documentId);
    await page.getByRole('tab', { name: 'Versjoner' }).click();
    await page.locator('.version-list li', { hasText: 'Første utkast' }).getByRole('link', { name: 'Sammenlign med nå' }).click();
    await shown(page, 'the comparison page', 'main h1', 'Sammenligning: Periodeplan');
    await shown(page, 'the changes', '[data-testid="diff-summary"]');
    const table = page.locator('main .ProseMirror table').first();
    const cellCounts = await table.locator('tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td, th').length));
    expect(new Set(cellCounts)).toEqual(new Set([5]));
    const row = table.locator('tr').nth(1).locator('td');
    expect(await row.nth(1).locator('del').textContent()).toBe('Kari');
    expect(await row.nth(2).locator('ins').textContent()).toBe('Kari');
    // The whole width of the page, not the side panel's.
    expect((await page.locator('main .ProseMirror').boundingBox())!.width).toBeGreaterThan(900);
  });

  it('says what its own parts mean: action item boxes, evidence links and finding links, in Norwegian', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const reflectionId = await createDocument(leader, teamId, 'reflection', 'Refleksjon');
    await editAndWaitStored(suite.server.wsUrl, reflectionId, leader.cookie, (f) => {
      const card = new Y.XmlElement('evidenceCard');
      for (const [k, v] of Object.entries({ planId, step: '1', pupil: 'A', time: '10:14', observer: 'Ola', text: 'A tegner' })) card.setAttribute(k, v);
      const p = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, 'Tegne først', { findingLink: { reflectionId, finding: 'B forsto brøk da hun fikk tegne' } });
      p.insert(0, [text]);
      f.insert(f.length, [card, p]);
    });
    const page = await (await personContext(suite.browser, leader)).newPage();
    await open(page, reflectionId);
    await shown(page, 'the evidence link', '.ProseMirror .evidence-link', 'Se steg 2 i planen');
    await shown(page, 'the finding, said after the text', '.ProseMirror .finding-note', 'Endret på grunn av funnet: B forsto brøk da hun fikk tegne');
    const boxes = await page.locator('.ProseMirror input[type="checkbox"]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    expect(boxes.length).toBeGreaterThan(0);
    for (const label of boxes) expect(label).toMatch(/^Utført/);
    const html = await page.locator('.ProseMirror').innerHTML();
    expect(html).not.toMatch(/Task item|checkbox for|empty task/i);
  });
});
