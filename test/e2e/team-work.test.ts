import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { fieldParagraph } from '../helpers/blocks';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { editAndWaitStored } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();
const phone = { width: 390, height: 844 };

describe('a team’s work, as the pages show it (Chromium)', () => {
  it('one lesson clock for every observer: started by one, running for all, minutes on every note', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    const ola = await addMember(leader, teamId, 'member', 'Ola Observatør');
    const first = await (await personContext(suite.browser, leader, phone)).newPage();
    const second = await (await personContext(suite.browser, ola, phone)).newPage();
    for (const page of [first, second]) {
      await page.goto(`${suite.server.url}/documents/${planId}/observe`);
      await shown(page, 'the observation page', 'main h1', 'Observasjon: Brøkplan');
      await eventually(page, 'saved', () => syncStatus(page), 'saved');
    }
    await first.getByRole('button', { name: 'Start timen' }).click();
    await shown(first, 'the clock', '[data-testid="clock"]', 'Timen har gått');
    // Ola never pressed start: the lesson's clock reaches him.
    await shown(second, 'the shared clock', '[data-testid="clock"]', 'Timen har gått');
    expect(await second.getByRole('button', { name: 'Start timen' }).count()).toBe(0);
    await second.getByPlaceholder('Hva sier eller gjør eleven?').fill('B tegner to like store deler');
    await second.getByRole('button', { name: 'Lagre notat' }).click();
    await shown(second, 'the note with its lesson minute', '.notes .note', /min 0/);

    const laptop = await (await personContext(suite.browser, leader)).newPage();
    await laptop.goto(`${suite.server.url}/documents/${planId}/timeline`);
    await shown(laptop, 'Ola’s note in the timeline, with its minute', '[data-testid="timeline"] .note', /min 0 · Ola Observatør/);
    // The round is being observed: the cycle moved on by itself.
    await laptop.goto(`${suite.server.url}/cycles/${cycleId}`);
    await shown(laptop, 'the cycle observing', '.phase-stepper li[aria-current="step"]', 'Observere');
  });

  it('offers the next round only from a plan, as the main step only after the reflection, titled for its round', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Lesing' })).json.id as string;
    const page = await (await personContext(suite.browser, leader)).newPage();
    const advance = page.getByRole('button', { name: /Start runde 2/ });
    const board = async () => {
      await page.goto(`${suite.server.url}/cycles/${cycleId}`);
      await shown(page, 'the cycle', 'main h1', 'Lesing');
    };
    await board();
    expect(await advance.count()).toBe(0);
    await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Leseplan', cycleId });
    await board();
    await advance.waitFor();
    expect((await advance.getAttribute('class')) ?? '').not.toContain('primary');
    await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId });
    await board();
    expect(await advance.getAttribute('class')).toContain('primary');
    expect(await page.locator('.phase-stepper li[aria-current="step"]').textContent()).toBe('Reflektere');
    await advance.click();
    await shown(page, 'the next round’s plan', 'main h1', 'Leseplan – runde 2');
  });

  it('renames, archives and deletes a document, and lists every document, sorted and filtered in the address', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    await createDocument(leader, teamId, 'note', 'Ørretfiske');
    await createDocument(leader, teamId, 'note', 'Ålesund');
    const zebra = await createDocument(leader, teamId, 'lesson_plan', 'Zebra');
    await createDocument(leader, teamId, 'note', 'Ærlig talt');
    const page = await (await personContext(suite.browser, leader)).newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await page.getByRole('link', { name: 'Dokumenter', exact: true }).click();
    await shown(page, 'the list', 'main h1', 'Dokumentene i 5. trinn');
    const titles = () => page.locator('table.documents tbody tr td:first-child a').allTextContents();
    await page.getByRole('button', { name: 'Sorter etter Tittel' }).click();
    await eventually(page, 'sorted by title', titles, ['Zebra', 'Ærlig talt', 'Ørretfiske', 'Ålesund']);
    await page.getByRole('combobox', { name: /^Type/ }).selectOption('lesson_plan');
    await eventually(page, 'only plans', titles, ['Zebra']);
    expect(page.url()).toContain('kind=lesson_plan');
    await page.reload();
    await eventually(page, 'the filter kept in the address', titles, ['Zebra']);

    await page.getByRole('link', { name: 'Zebra' }).click();
    await shown(page, 'the document', 'main h1', 'Zebra');
    await page.getByText('Dokumentet', { exact: true }).click();
    await page.getByRole('button', { name: 'Gi nytt navn' }).click();
    await page.getByLabel('Nytt navn').fill('Brøk med tegning');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await shown(page, 'the new title', 'main h1', 'Brøk med tegning');
    await page.getByRole('button', { name: 'Arkiver' }).click();
    await shown(page, 'archived', '[role="note"]', 'Dokumentet er arkivert');
    expect(((await leader.get(`/api/teams/${teamId}/documents`)).json.documents as Array<{ id: string }>).map((d) => d.id)).not.toContain(zebra);
    await page.goto(`${suite.server.url}/teams/${teamId}/documents?archived=only`);
    await eventually(page, 'the archive', titles, ['Brøk med tegning']);
    await page.getByRole('link', { name: 'Brøk med tegning' }).click();
    await shown(page, 'the archived document', 'main h1', 'Brøk med tegning');
    await page.getByText('Dokumentet', { exact: true }).click();
    await page.getByRole('button', { name: 'Slett dokumentet' }).click();
    await shown(page, 'back at the list, told', 'main [role="status"]', 'Dokumentet er slettet.');
    expect((await leader.get(`/api/documents/${zebra}`)).status).toBe(404);
  });

  it('tells whoever has a document open that it was deleted (close code 4410), not that it cannot be found', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const ola = await addMember(leader, teamId, 'member', 'Ola Observatør');
    const page = await (await personContext(suite.browser, ola)).newPage();
    await page.goto(`${suite.server.url}/documents/${planId}`);
    await eventually(page, 'the document saved', () => syncStatus(page), 'saved');
    expect((await leader.request('DELETE', `/api/documents/${planId}`)).status).toBe(204);
    await shown(page, 'told it was deleted', 'main p', 'Dokumentet er slettet.');
  });

  it('fits a phone: no sideways scrolling on the timeline, every side-panel tab in view', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    await editAndWaitStored(suite.server.wsUrl, planId, leader.cookie, (fragment) => {
      const cell = fieldParagraph(fragment.doc!, 'lessonFlow', 0, 'activity');
      cell.delete(0, cell.length);
      cell.insert(0, [new Y.XmlText('Introduksjon: hva vet elevene om brøk fra før, og hvordan får vi fram forkunnskapene deres?')]);
    });
    expect((await leader.post(`/api/documents/${planId}/observations`, {})).status).toBe(201);
    const page = await (await personContext(suite.browser, leader, phone)).newPage();
    await page.goto(`${suite.server.url}/documents/${planId}/timeline`);
    await shown(page, 'the timeline', 'main h1', 'Tidslinje: Brøkplan');
    await shown(page, 'the long step in the filter', 'select option', 'Introduksjon: hva vet elevene');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    for (const width of [1280, 1040]) {
      const desk = await (await personContext(suite.browser, leader, { width, height: 900 })).newPage();
      await desk.goto(`${suite.server.url}/documents/${reflectionId}`);
      const evidence = desk.getByRole('tab', { name: 'Evidens' });
      await evidence.waitFor();
      const tab = (await evidence.boundingBox())!;
      const panel = (await desk.locator('.document-side').boundingBox())!;
      expect(tab.x + tab.width, `the Evidens tab at ${width} px`).toBeLessThanOrEqual(panel.x + panel.width);
      await desk.close();
    }
  });
});
