import { describe, expect, it } from 'vitest';
import { createTeamAndDocument, PASSWORD, uniqueEmail } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

const suite = browserSuite();

describe('inviting a teacher educator as guest (Chromium)', () => {
  it('the leader makes a guest link; the guest joins, opens the plan and cannot type into it', async () => {
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
    expect(await guest.locator('main').textContent()).toContain('Gjest (kan kommentere)');
    await guest.getByLabel('Navn').fill('Ingrid Utdanner');
    await guest.getByLabel('E-postadresse').fill(uniqueEmail('ingrid'));
    await guest.getByLabel('Passord').fill(PASSWORD);
    await guest.getByRole('button', { name: 'Opprett konto' }).click();
    await guest.getByRole('heading', { name: '5. trinn' }).waitFor();
    await guest.getByRole('link', { name: /Brøk 5. trinn/ }).click();

    const editor = guest.locator('.ProseMirror');
    await editor.waitFor();
    await eventually(guest, 'the save state', () => syncStatus(guest), 'saved');
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    // No editing affordances: the only tool a guest gets is commenting.
    expect(await guest.getByRole('toolbar').getByRole('button').allTextContents()).toEqual(['Kommenter']);
    expect(await guest.getByRole('button', { name: 'Fet' }).count()).toBe(0);
    expect(await guest.getByRole('note').textContent()).toContain('ikke endre');
    const before = await editor.textContent();
    await editor.locator('h2').first().click();
    // The editor is not editable: the keys change nothing, at once (there is nothing to wait for).
    await guest.keyboard.type('gjestetekst');
    expect(await editor.textContent()).toBe(before);

    // And the leader, who can edit, sees nothing from the guest.
    await leader.goto(`${suite.server.url}/documents/${documentId}`);
    await leader.locator('.ProseMirror').waitFor();
    await eventually(leader, 'the save state', () => syncStatus(leader), 'saved');
    expect(await leader.locator('.ProseMirror').textContent()).not.toContain('gjestetekst');
    expect(await leader.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true');
    violations.push(...(await seriousViolations(guest, 'document (guest)')));
    expect(violations).toEqual([]);
  });
});
