/**
 * Learning beyond the team, in Chromium: a school leader sees three teams on one page and makes a
 * network, a leader of another school joins it with the invitation link, a teacher publishes a
 * report after the pupil-reference check, and a teacher at the other school finds it in the
 * library ("øving" finds "Øving") and starts a cycle from it; the origin team sees the reuse.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext } from '../helpers/browser';
import { appendParagraph, connectSynced } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';
import { schoolWithTeams } from '../helpers/schools';
import { readStoredDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

const suite = browserSuite();
const violations: string[] = [];
const checkA11y = async (page: Page, label: string) => violations.push(...(await seriousViolations(page, label)));

describe('school leaders, networks and the library (Chromium)', () => {
  it('a published report is found in another school of the network and forked into a cycle there', async () => {
    const url = suite.server.url;
    const nordby = await schoolWithTeams(url, 'Rita Rektor', 'Nordby skole', [
      ['5. trinn', 'Lise Leder'],
      ['6. trinn', 'Tor Lærer'],
      ['Realfag', 'Siri Lærer'],
    ]);
    const sorby = await schoolWithTeams(url, 'Sander Rektor', 'Sørby skole', [['7. trinn', 'Per Lærer']]);
    const lise = nordby.teams[0]!;
    const per = sorby.teams[0]!;

    // The school leader sees all three teams on one page, with the coverage across them.
    const rita = await (await personContext(suite.browser, nordby.rektor)).newPage();
    await rita.goto(url);
    await rita.getByRole('link', { name: 'Skoleoversikt: Nordby skole' }).click();
    await rita.getByRole('heading', { name: 'Skoleoversikt – Nordby skole', level: 1 }).waitFor();
    await eventually(rita, 'three teams', () => rita.getByTestId('school-team').count(), 3);
    await shown(rita, 'coverage table', '[data-testid="coverage"] caption', 'i gang');
    await checkA11y(rita, 'school overview');

    // She makes a network and an invitation link for the other school.
    await rita.getByLabel('Navn på nytt nettverk').fill('Kommunens skoler');
    await rita.getByRole('button', { name: 'Opprett nettverket' }).click();
    await shown(rita, 'network', '[data-testid="network"]', 'Kommunens skoler');
    await rita.getByRole('button', { name: 'Inviter en skole' }).click();
    const link = await eventually(rita, 'invitation link', () => rita.getByTestId('network-invite-link').inputValue(), (v) => v.includes('/networks/join/'));

    // The other school's leader joins with it.
    const sander = await (await personContext(suite.browser, sorby.rektor)).newPage();
    await sander.goto(link);
    await shown(sander, 'invitation', 'main', 'Kommunens skoler');
    await checkA11y(sander, 'network invitation');
    await sander.getByRole('button', { name: 'Bli med i nettverket' }).click();
    await sander.getByRole('heading', { name: 'Skoleoversikt – Sørby skole', level: 1 }).waitFor();
    await shown(sander, 'network joined', '[data-testid="network"]', 'Nordby skole');

    // A teacher writes the team's report; it names a pupil, which the check shows before anything is published.
    const reportId = (await lise.leader.post(`/api/teams/${lise.teamId}/documents`, { kind: 'report', title: 'Øving i brøk – det vi lærte' })).json.id as string;
    const writer = await connectSynced(suite.server.wsUrl, reportId, lise.leader.cookie);
    appendParagraph(writer.fragment, 'Korte økter med konkreter ga mestring. Kari trengte mer tid på tallinja.');
    await waitFor(() => readStoredDocument(suite.server.dataDir, reportId).doc.getXmlFragment('default').toString().includes('tallinja'), 10_000, 'stored');
    const teacher = await (await personContext(suite.browser, lise.leader)).newPage();
    await teacher.goto(`${url}/documents/${reportId}`);
    await teacher.getByRole('button', { name: 'Del utenfor teamet …' }).click();
    await shown(teacher, 'the pupil reference', '[data-testid="publish-references"] mark', 'Kari');
    await checkA11y(teacher, 'publish check');
    await teacher.getByRole('button', { name: 'Avbryt' }).click();

    // She writes it with a pupil code instead, and the check finds nothing; she confirms and publishes to the network.
    writer.doc.transact(() => {
      writer.fragment.delete(0, writer.fragment.length);
      appendParagraph(writer.fragment, 'Korte økter med konkreter ga mestring. Elev A trengte mer tid på tallinja.');
    });
    await waitFor(() => readStoredDocument(suite.server.dataDir, reportId).doc.getXmlFragment('default').toString().includes('Elev A'), 10_000, 'stored');
    writer.destroy();
    await teacher.getByRole('button', { name: 'Del utenfor teamet …' }).click();
    await shown(teacher, 'no references', '[data-testid="publish-references"]', 'Fant ingenting');
    await teacher.getByLabel('Skolene i nettverket').check();
    await teacher.getByLabel('Fag').fill('Matematikk');
    await teacher.getByLabel(/ingen elev kan kjennes igjen/).check();
    await teacher.getByRole('button', { name: 'Del kopien' }).click();
    await shown(teacher, 'published', '[role="status"]', 'Delt.');

    // At the other school, a teacher finds it in the library by a word in another case, and starts a cycle from it.
    const perPage = await (await personContext(suite.browser, per.leader)).newPage();
    await perPage.goto(url);
    await perPage.getByRole('link', { name: 'Biblioteket' }).click();
    await perPage.getByRole('heading', { name: 'Biblioteket', level: 1 }).waitFor();
    await perPage.getByRole('searchbox', { name: 'Søk' }).fill('øving');
    await perPage.getByRole('button', { name: 'Finn' }).click();
    await shown(perPage, 'the report in the library', '[data-testid="library-item"]', 'Øving i brøk');
    await checkA11y(perPage, 'library');
    const items = await perPage.getByTestId('library-item').allTextContents();
    expect(items).toHaveLength(1);
    expect(items[0]).toContain('Nordby skole');
    await perPage.getByRole('link', { name: /Øving i brøk/ }).click();
    await shown(perPage, 'the frozen copy', '.prose', 'Elev A trengte mer tid');
    expect(await perPage.locator('main').textContent()).not.toContain('Kari');
    await perPage.getByRole('button', { name: 'Start en syklus fra denne' }).click();
    await shown(perPage, 'the new cycle with its origin', '[data-testid="cycle-origin"]', 'Startet fra 5. trinn, Nordby skole');
    expect(new URL(perPage.url()).pathname).toMatch(/^\/cycles\//);

    // The origin team sees that it was reused.
    await teacher.goto(`${url}/teams/${lise.teamId}`);
    await shown(teacher, 'reuse count', '[data-testid="shared-item"]', 'Brukt videre av 1 team');
    expect(violations).toEqual([]);
  });
});
