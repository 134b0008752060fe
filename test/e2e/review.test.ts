import { describe, expect, it } from 'vitest';
import { addMember, createTeamAndDocument } from '../helpers/api';
import { anchorFor } from '../helpers/anchor';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';

const suite = browserSuite();

describe('feedback between visits (Chromium)', () => {
  it('a guest comments on selected text; a member sees it live and replies; the guest sees the reply', async () => {
    const { session, teamId, documentId } = await createTeamAndDocument(suite.server.url, 'lesson_plan', 'Brøk 5. trinn');
    const educator = await addMember(session, teamId, 'guest', 'Ingrid Utdanner');
    const member = await addMember(session, teamId, 'member', 'Mona Medlem');
    const guest = await (await personContext(suite.browser, educator)).newPage();
    const teacher = await (await personContext(suite.browser, member)).newPage();
    const url = `${suite.server.url}/documents/${documentId}`;
    await Promise.all([guest.goto(url), teacher.goto(url)]);
    for (const page of [guest, teacher]) {
      await page.locator('.ProseMirror h2').first().waitFor();
      await expect.poll(() => syncStatus(page)).toBe('saved');
    }
    await expect.poll(() => teacher.locator('.thread').count()).toBe(0);

    // The teacher educator selects a word in the plan and comments on it.
    // A guest cannot type, but can select with the mouse, as a reader does.
    const box = (await guest.locator('.ProseMirror h2').first().boundingBox())!;
    await guest.mouse.move(box.x + 2, box.y + box.height / 2);
    await guest.mouse.down();
    await guest.mouse.move(box.x + 140, box.y + box.height / 2, { steps: 5 });
    await guest.mouse.up();
    await guest.getByRole('toolbar').getByRole('button', { name: 'Kommenter' }).click();
    await guest.getByPlaceholder('Skriv en kommentar …').fill('Hva vil dere at elevene skal mestre om et år?');
    await guest.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => guest.locator('.thread').count()).toBe(1);
    await expect.poll(() => guest.locator('.ProseMirror .comment-anchor').count()).toBeGreaterThan(0);

    // The member sees it appear without reloading, highlighted in the text, and replies.
    const thread = teacher.locator('.thread').first();
    await expect.poll(() => thread.textContent()).toContain('Hva vil dere at elevene skal mestre om et år?');
    expect(await thread.textContent()).toContain('Ny');
    expect(await thread.textContent()).toContain('«Forskning');
    await expect.poll(() => teacher.locator('.ProseMirror .comment-anchor').count()).toBeGreaterThan(0);
    await thread.locator('.thread-quote').click();
    // Mentions offer the people who can see the plan: the guest among them.
    const offered = (scope: typeof thread) => scope.getByRole('combobox', { name: 'Nevn en kollega' }).first().locator('option').allTextContents();
    await expect.poll(() => offered(thread)).toEqual(expect.arrayContaining(['Ingrid Utdanner', 'Mona Medlem']));
    await thread.getByPlaceholder('Svar …').fill('At de kan forklare hvordan de tenker, @Ingrid');
    await thread.getByRole('button', { name: 'Svar' }).click();
    await expect.poll(() => thread.locator('.comment').count()).toBe(2);

    // The guest sees the reply arrive.
    await expect.poll(() => guest.locator('.thread .comment').count()).toBe(2);
    expect(await guest.locator('.thread').first().textContent()).toContain('At de kan forklare hvordan de tenker');
    expect(await guest.locator('.thread .comment').nth(1).textContent()).toContain('Mona Medlem');

    const violations = [...(await seriousViolations(guest, 'document with comments (guest)')), ...(await seriousViolations(teacher, 'document with comments (member)'))];
    // The versions panel too.
    await teacher.getByRole('tab', { name: 'Versjoner' }).click();
    await teacher.getByLabel('Navn på versjonen').fill('før forskningstime 1');
    await teacher.getByRole('button', { name: 'Lagre versjon' }).click();
    await expect.poll(() => teacher.locator('.version-list li').count()).toBe(1);
    violations.push(...(await seriousViolations(teacher, 'versions panel')));
    await teacher.goto(`${suite.server.url}/teams/${teamId}/conversations`);
    await teacher.getByRole('heading', { name: /Samtalene i/ }).waitFor();
    // The heading renders before the threads arrive: wait on the thread itself.
    await teacher.locator('main .doc-list li').filter({ hasText: 'Forskning' }).first().waitFor();
    violations.push(...(await seriousViolations(teacher, 'conversations')));
    await guest.goto(`${suite.server.url}/inbox`);
    await guest.getByRole('heading', { name: 'Innboks' }).waitFor();
    await expect.poll(() => guest.locator('main li').count()).toBe(1);
    violations.push(...(await seriousViolations(guest, 'inbox')));
    await teacher.goto(`${suite.server.url}/teams/${teamId}/activity`);
    await teacher.getByRole('heading', { name: /Aktivitet i/ }).waitFor();
    await teacher.locator('main li').first().waitFor();
    violations.push(...(await seriousViolations(teacher, 'activity')));
    expect(violations).toEqual([]);

    // On an observation document (raw notes: teachers only) the guest is not offered.
    const observation = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'observation', title: 'Observasjon' })).json.id as string;
    await member.post(`/api/documents/${observation}/threads`, { anchorStart: anchorFor(1), anchorEnd: anchorFor(2), quote: 'x', body: 'Elev B forklarte med tegning' });
    await teacher.goto(`${suite.server.url}/documents/${observation}`);
    const note = teacher.locator('.thread').first();
    await note.waitFor();
    await note.locator('.thread-quote').click();
    await expect.poll(() => offered(note)).toEqual(expect.arrayContaining(['Mona Medlem']));
    expect(await offered(note)).not.toContain('Ingrid Utdanner');
  });
});
