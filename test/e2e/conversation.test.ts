import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();

async function open(page: Page, documentId: string) {
  await page.goto(`${suite.server.url}/documents/${documentId}`);
  await page.locator('.ProseMirror').first().waitFor();
  await eventually(page, 'the document saved', () => syncStatus(page), 'saved');
}

/** Selects a paragraph of the document and opens the comment box on it. */
async function startComment(page: Page, paragraph: string) {
  await page.locator('.ProseMirror p', { hasText: paragraph }).first().click({ clickCount: 3 });
  await page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name: 'Kommenter' }).click();
  return page.getByPlaceholder('Skriv en kommentar …');
}

const options = (page: Page) => page.getByRole('listbox').getByRole('option').allTextContents();

describe('talking in the margin (Chromium)', () => {
  it('"@" offers only the people who may see the document; a chosen name is marked whole; Ctrl+Enter sends', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const gry = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    await addMember(leader, teamId, 'member', 'Grete Lærer');
    const page = await (await personContext(suite.browser, mona)).newPage();
    await open(page, planId);
    const box = await startComment(page, 'Hva ønsker vi at elevene');
    await box.pressSequentially('Kan du se på dette, @gr');
    await eventually(page, 'the suggestions for "gr"', () => options(page), ['Grete Lærer', 'Gry Gjest']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(page, 'the whole name written', () => box.inputValue(), 'Kan du se på dette, @Gry Gjest ');
    await box.pressSequentially('før onsdag?');
    await page.keyboard.press('Control+Enter');
    const thread = page.locator('.thread').first();
    await shown(page, 'the sent comment', '.thread .comment-body', 'før onsdag?');
    expect(await thread.locator('mark.mention').allTextContents()).toEqual(['@Gry Gjest']);
    const inbox = (await gry.get('/api/inbox')).json.items as Array<{ kind: string }>;
    expect(inbox.map((i) => i.kind)).toEqual(['mention']);

    // A closed thread has its own "Svar"; the reply goes with Ctrl+Enter too.
    await page.reload();
    await eventually(page, 'saved', () => syncStatus(page), 'saved');
    await thread.getByRole('button', { name: 'Svar', exact: true }).click();
    await page.getByPlaceholder('Svar …').pressSequentially('Ja, fint.');
    await page.keyboard.press('Control+Enter');
    await eventually(page, 'the reply in the thread', () => thread.locator('.comment').count(), 2);

    // Raw observation notes are for teachers: the guest cannot be offered there.
    const obs = (await mona.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    await open(page, obs);
    const onNotes = await startComment(page, 'Hva ble teamet enige om');
    await onNotes.pressSequentially('@g');
    await eventually(page, 'only those who may read the notes', () => options(page), ['Grete Lærer']);
    await page.keyboard.press('Escape');
    await eventually(page, 'the suggestions closed', () => page.getByRole('listbox').isVisible(), false);
  });
});
