import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnchor } from '../../client/comments/anchors';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { browserSuite, personContext } from '../helpers/browser';
import { appendParagraph, connectSynced, editAndWaitStored } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();

/**
 * Actions the server answers with 204 and no body. Each must say it worked (never "Noe gikk galt")
 * and show the list as it now is.
 */
describe('actions answered with an empty 204 (Chromium)', () => {
  it('mark all read, open a thread, delete a comment, restore a version, revoke an invitation, remove a member', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    await addMember(leader, teamId, 'guest', 'Gina Gjest');

    // The member comments on the plan's title, mentioning the leader, and adds a second comment.
    const writer = await connectSynced(suite.server.wsUrl, documentId, member.cookie);
    const title = (writer.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const thread = await member.post(`/api/documents/${documentId}/threads`, {
      anchorStart: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 0, -1)),
      anchorEnd: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 8, -1)),
      quote: title.toString().slice(0, 8),
      body: '@Lise Leder, hva tenker du om målet?',
      mentions: [leader.user.id],
    });
    writer.destroy();
    expect(thread.status).toBe(201);
    expect((await member.post(`/api/threads/${thread.json.id}/comments`, { body: 'Et svar jeg angrer på' })).status).toBe(201);
    expect((await leader.post(`/api/documents/${documentId}/versions`, { name: 'Før forskningstime 1' })).status).toBe(201);
    await editAndWaitStored(suite.server.wsUrl, documentId, member.cookie, (fragment) => appendParagraph(fragment, 'Skrevet etter versjonen'));
    expect((await leader.post(`/api/teams/${teamId}/invites`, { role: 'member' })).status).toBe(201);

    const page = await (await personContext(suite.browser, leader)).newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    // Inbox: mark all read.
    await page.goto(`${suite.server.url}/inbox`);
    await shown(page, 'the mention in the inbox', 'main .doc-list li', 'Mona Medlem nevnte deg');
    await page.getByRole('button', { name: 'Merk alt som lest' }).click();
    await eventually(page, 'no unread items left', () => page.locator('main .badge.new').count(), 0);
    await eventually(page, 'the header link without a count', () => page.getByRole('link', { name: /^Innboks/ }).textContent(), 'Innboks');

    // Document: opening an unread thread marks it read; deleting a comment shows it deleted.
    await page.goto(`${suite.server.url}/documents/${documentId}`);
    const threadItem = page.locator('.thread').first();
    await shown(page, 'the unread thread', '.thread .badge.new');
    await threadItem.locator('.thread-quote').click();
    await eventually(page, 'the thread no longer marked new', () => threadItem.locator('.badge.new').count(), 0);
    await threadItem.locator('.comment').nth(1).getByRole('button', { name: 'Slett' }).click();
    await shown(page, 'the deleted comment', '.thread .comment', 'Kommentaren er slettet.');

    // Versions: restoring shows the restore and the automatic version made before it.
    await page.getByRole('tab', { name: 'Versjoner' }).click();
    await shown(page, 'the saved version', '.version-list li', 'Før forskningstime 1');
    await page.locator('.version-list li', { hasText: 'Før forskningstime 1' }).getByRole('button', { name: 'Gjenopprett' }).click();
    await shown(page, 'the restore notice', '.versions output', 'Versjonen er gjenopprettet.');
    await shown(page, 'the version kept before restoring', '.version-list li', 'Før gjenoppretting');

    // Members: revoke the invitation, remove the guest.
    await page.goto(`${suite.server.url}/teams/${teamId}/members`);
    await shown(page, 'the active invitation', '[data-testid="invite-list"] li');
    await page.getByRole('button', { name: 'Trekk tilbake' }).click();
    await shown(page, 'no invitations left', '.panel p', 'Ingen aktive invitasjoner.');
    await page.locator('tr', { hasText: 'Gina Gjest' }).getByRole('button', { name: 'Fjern fra teamet' }).click();
    await eventually(page, 'the guest gone from the list', () => page.locator('tr', { hasText: 'Gina Gjest' }).count(), 0);
    await shown(page, 'the removal said', 'main output', 'Gina Gjest er fjernet fra teamet.');
  });
});
