import { describe, expect, it } from 'vitest';
import { addMember, createTeamAndDocument } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';

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
      await expect.poll(() => syncStatus(page)).toBe('saved');
      await expect.poll(() => page.locator('.ProseMirror h1').count()).toBe(1);
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
      await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('– lese og regne');
      await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('Vi samler elevarbeider');
      await expect.poll(() => syncStatus(page)).toBe('saved');
    }
    await expect.poll(() => kari.locator('.collaboration-carets__label').allInnerTexts()).toContain('Ola Hansen');
    await expect.poll(() => ola.locator('.collaboration-carets__label').allInnerTexts()).toContain('Lise Leder');
    await expect.poll(() => kari.getByRole('list', { name: 'Til stede i dokumentet' }).locator('li').count()).toBe(2);

    await kari.reload();
    await kari.locator('.ProseMirror').waitFor();
    await expect.poll(() => syncStatus(kari)).toBe('saved');
    const text = await kari.locator('.ProseMirror').innerText();
    expect(text).toContain('– lese og regne');
    expect(text).toContain('Vi samler elevarbeider');
    expect(text.match(/Undervisningsplan for forskningstimen/g)).toHaveLength(1);
  });
});
