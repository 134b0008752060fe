import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTeamAndDocument, PASSWORD, uniqueEmail } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

const suite = browserSuite();

/** A field's text without other people's caret labels drawn inside it. */
const textOf = (locator: Locator) =>
  locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent;
  });

describe('inviting a teacher educator as guest (Chromium)', () => {
  it('the leader makes a guest link; the guest joins and suggests in the plan; the leader, in another browser, accepts it', async () => {
    const { session, teamId, documentId } = await createTeamAndDocument(suite.server.url, 'lesson_plan', 'Brøk 5. trinn');
    const leader = await (await personContext(suite.browser, session)).newPage();
    await leader.goto(`${suite.server.url}/teams/${teamId}`);
    await leader.getByRole('link', { name: 'Medlemmer' }).click();
    await leader.locator('select[name=role]').selectOption('guest');
    await leader.getByRole('button', { name: 'Lag invitasjonslenke' }).click();
    const url = await leader.getByLabel('Invitasjonslenke').inputValue();
    expect(url).toMatch(new RegExp(`^${suite.server.url}/invite/[\\w-]{43}$`));

    const guest = await (await personContext(suite.browser)).newPage();
    await guest.goto(url);
    await guest.getByRole('heading', { name: /Invitasjon til/ }).waitFor();
    const violations = await seriousViolations(guest, 'invitation');
    expect(await guest.locator('main').textContent()).toContain('Gjest (kan kommentere og foreslå endringer)');
    await guest.getByLabel('Navn').fill('Ingrid Utdanner');
    await guest.getByLabel('E-postadresse').fill(uniqueEmail('ingrid'));
    await guest.getByLabel('Passord').fill(PASSWORD);
    await guest.getByRole('button', { name: 'Opprett konto' }).click();
    await guest.getByRole('heading', { name: '5. trinn' }).waitFor();
    await guest.getByRole('link', { name: /Brøk 5. trinn/ }).click();

    const editor = guest.locator('.ProseMirror');
    await editor.waitFor();
    await eventually(guest, 'the save state', () => syncStatus(guest), 'saved');
    // A guest types suggestions, never plain edits: no formatting tools, only comments and the mode.
    expect(await editor.getAttribute('contenteditable')).toBe('true');
    expect(await guest.getByRole('toolbar').getByRole('button').allTextContents()).toEqual(['Kommenter']);
    expect(await guest.getByTestId('suggest-mode').textContent()).toContain('Du foreslår endringer');
    expect(await guest.getByRole('button', { name: 'Fet' }).count()).toBe(0);
    const activity = editor.locator('[data-block="lessonFlow"] .block-field').first();
    await activity.click();
    await guest.keyboard.press('End');
    await guest.keyboard.type(' med tegning', { delay: 10 });
    await expect.poll(() => textOf(editor.locator('ins.suggestion').first())).toBe(' med tegning');
    // Enter would split the field (a change of structure): in suggestion mode it does nothing.
    await guest.keyboard.press('Enter');
    await eventually(guest, 'the save state', () => syncStatus(guest), 'saved');
    expect(await guest.locator('.notice.warning').count()).toBe(0);

    // The leader, in another browser, sees it marked in the text and listed beside the comments, and accepts it.
    await leader.goto(`${suite.server.url}/documents/${documentId}`);
    const text = leader.locator('.ProseMirror');
    await text.waitFor();
    await eventually(leader, 'the save state', () => syncStatus(leader), 'saved');
    expect(await text.getAttribute('contenteditable')).toBe('true');
    await expect.poll(() => textOf(text.locator('ins.suggestion').first())).toBe(' med tegning');
    const panel = leader.getByTestId('suggestions');
    await expect.poll(() => panel.textContent()).toContain('Ingrid Utdanner');
    expect(await panel.getByRole('heading').textContent()).toBe('1 forslag');
    await panel.getByRole('button', { name: 'Godta', exact: true }).click();
    await expect.poll(() => text.locator('ins.suggestion').count()).toBe(0);
    await expect.poll(() => textOf(text.locator('[data-block="lessonFlow"] .block-field').first())).toBe('Introduksjon med tegning');
    await eventually(leader, 'the save state', () => syncStatus(leader), 'saved');
    // The guest sees it accepted, live.
    await expect.poll(() => editor.locator('ins.suggestion').count()).toBe(0);
    await expect.poll(() => textOf(activity)).toBe('Introduksjon med tegning');
    violations.push(...(await seriousViolations(guest, 'document (guest)')));
    expect(violations).toEqual([]);
  });
});
