import { describe, expect, it } from 'vitest';
import { addMember, createTeamAndDocument } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

const suite = browserSuite();

describe('two teachers in one document (Chromium)', () => {
  it('see each other’s text and carets live, and the text survives a reload', async () => {
    const { documentId, session, teamId } = await createTeamAndDocument(suite.server.url, 'lesson_plan', 'Brøk 5. trinn');
    const olaSession = await addMember(session, teamId, 'member', 'Ola Hansen');
    const kari = await (await personContext(suite.browser, session)).newPage();
    const ola = await (await personContext(suite.browser, olaSession)).newPage();
    const url = `${suite.server.url}/documents/${documentId}`;
    await Promise.all([kari.goto(url), ola.goto(url)]);

    for (const page of [kari, ola]) {
      await page.locator('.ProseMirror').waitFor();
      await eventually(page, 'the save state', () => syncStatus(page), 'saved');
      await eventually(page, 'how many .ProseMirror h1', () => page.locator('.ProseMirror h1').count(), 1);
    }

    // Both type at the same time, in different places.
    await kari.locator('.ProseMirror h2').first().click();
    await kari.keyboard.press('End');
    await ola.locator('.ProseMirror p').last().click();
    await ola.keyboard.press('End');
    await Promise.all([
      kari.keyboard.type(' – lese og regne', { delay: 15 }),
      ola.keyboard.type('Vi samler elevarbeider', { delay: 15 }),
    ]);

    for (const page of [kari, ola]) {
      await eventually(page, 'the text of .ProseMirror', () => page.locator('.ProseMirror').innerText(), (v) => v?.includes('– lese og regne') ?? false);
      await eventually(page, 'the text of .ProseMirror', () => page.locator('.ProseMirror').innerText(), (v) => v?.includes('Vi samler elevarbeider') ?? false);
      await eventually(page, 'the save state', () => syncStatus(page), 'saved');
    }
    await eventually(kari, 'Ola’s caret', () => kari.locator('.collaboration-carets__label').allInnerTexts(), (v) => v?.includes('Ola Hansen') ?? false);
    await eventually(ola, 'Lise’s caret', () => ola.locator('.collaboration-carets__label').allInnerTexts(), (v) => v?.includes('Lise Leder') ?? false);
    await eventually(kari, 'two people present', () => kari.getByRole('list', { name: 'Til stede i dokumentet' }).locator('li').count(), 2);

    await kari.reload();
    await kari.locator('.ProseMirror').waitFor();
    await eventually(kari, 'the save state', () => syncStatus(kari), 'saved');
    const text = await kari.locator('.ProseMirror').innerText();
    expect(text).toContain('– lese og regne');
    expect(text).toContain('Vi samler elevarbeider');
    expect(text.match(/Undervisningsplan for forskningstimen/g)).toHaveLength(1);
  });
});
