import { describe, expect, it } from 'vitest';
import { addMember, createTeamAndDocument } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

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
      await eventually(page, 'the save state', () => syncStatus(page), 'saved');
    }
    await eventually(teacher, 'how many .thread', () => teacher.locator('.thread').count(), 0);

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
    await eventually(guest, 'how many .thread', () => guest.locator('.thread').count(), 1);
    await eventually(guest, 'how many .ProseMirror .comment-anchor', () => guest.locator('.ProseMirror .comment-anchor').count(), (v) => v > 0);

    // The member sees it appear without reloading, highlighted in the text, and replies.
    const thread = teacher.locator('.thread').first();
    await eventually(teacher, 'the thread text', () => thread.textContent(), (v) => v?.includes('Hva vil dere at elevene skal mestre om et år?') ?? false);
    expect(await thread.textContent()).toContain('Ny');
    expect(await thread.textContent()).toContain('«Forskning');
    await eventually(teacher, 'how many .ProseMirror .comment-anchor', () => teacher.locator('.ProseMirror .comment-anchor').count(), (v) => v > 0);
    await thread.locator('.thread-quote').click();
    await thread.getByPlaceholder('Svar …').fill('At de kan forklare hvordan de tenker, @Ingrid');
    await thread.getByRole('button', { name: 'Svar' }).click();
    await eventually(teacher, 'how many .comment', () => thread.locator('.comment').count(), 2);

    // The guest sees the reply arrive.
    await eventually(guest, 'how many .thread .comment', () => guest.locator('.thread .comment').count(), 2);
    expect(await guest.locator('.thread').first().textContent()).toContain('At de kan forklare hvordan de tenker');
    expect(await guest.locator('.thread .comment').nth(1).textContent()).toContain('Mona Medlem');

    const violations = [...(await seriousViolations(guest, 'document with comments (guest)')), ...(await seriousViolations(teacher, 'document with comments (member)'))];
    // The versions panel too.
    await teacher.getByRole('tab', { name: 'Versjoner' }).click();
    await teacher.getByLabel('Navn på versjonen').fill('før forskningstime 1');
    await teacher.getByRole('button', { name: 'Lagre versjon' }).click();
    await eventually(teacher, 'how many .version-list li', () => teacher.locator('.version-list li').count(), 1);
    violations.push(...(await seriousViolations(teacher, 'versions panel')));
    await teacher.goto(`${suite.server.url}/teams/${teamId}/conversations`);
    await teacher.getByRole('heading', { name: /Samtalene i/ }).waitFor();
    // The heading renders before the threads arrive: wait on the thread itself.
    await teacher.locator('main .doc-list li').filter({ hasText: 'Forskning' }).first().waitFor();
    violations.push(...(await seriousViolations(teacher, 'conversations')));
    await guest.goto(`${suite.server.url}/inbox`);
    await guest.getByRole('heading', { name: 'Innboks' }).waitFor();
    await eventually(guest, 'how many main li', () => guest.locator('main li').count(), 1);
    violations.push(...(await seriousViolations(guest, 'inbox')));
    await teacher.goto(`${suite.server.url}/teams/${teamId}/activity`);
    await teacher.getByRole('heading', { name: /Aktivitet i/ }).waitFor();
    await teacher.locator('main li').first().waitFor();
    violations.push(...(await seriousViolations(teacher, 'activity')));
    expect(violations).toEqual([]);
  });
});
