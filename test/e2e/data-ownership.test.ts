/**
 * Data ownership from the UI (Chromium): a private draft shared in one click, the team export
 * downloaded and imported again, retention set and closed on a cycle with the leaders' warning,
 * the audit log, deletion with typed confirmation, account deletion, and the Personvern page.
 */
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, PASSWORD, teamLeader } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext } from '../helpers/browser';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();
const violations: string[] = [];
const checkA11y = async (page: Page, label: string) => violations.push(...(await seriousViolations(page, label)));

describe('data ownership in the browser (Chromium)', () => {
  it('drafts, export and import, retention, the log and deletion work from the UI', async () => {
    const { session, teamId } = await teamLeader(suite.server.url, 'Lise Leder', 'Team Personvern');
    const mona = await addMember(session, teamId, 'member', 'Mona Medlem');
    const leader = await (await personContext(suite.browser, session)).newPage();
    const member = await (await personContext(suite.browser, mona)).newPage();
    const url = suite.server.url;

    // A private draft: only its author sees it until she shares it with one click.
    await member.goto(`${url}/teams/${teamId}`);
    const create = member.locator('details', { hasText: 'Nytt dokument' });
    await create.getByText('Nytt dokument').click();
    await create.getByLabel('Type').selectOption('log');
    await create.getByLabel('Tittel').fill('Monas refleksjonslogg');
    await create.getByLabel(/Privat utkast/).check();
    await create.getByRole('button', { name: 'Opprett' }).click();
    await shown(member, 'private-draft note', '.private-draft', 'Bare du ser dette dokumentet');
    await checkA11y(member, 'private draft');
    await leader.goto(`${url}/teams/${teamId}`);
    await leader.getByRole('heading', { name: 'Team Personvern', level: 1 }).waitFor();
    expect(await leader.locator('main').textContent()).not.toContain('Monas refleksjonslogg');
    await member.getByRole('button', { name: 'Del med teamet' }).click();
    await shown(member, 'shared notice', 'output', 'Delt med teamet.');
    expect(await member.locator('.private-draft').count()).toBe(0);
    await leader.reload();
    await shown(leader, 'shared draft in the leader’s list', 'main', 'Monas refleksjonslogg');

    // Export: the zip downloads with team.json and each document.
    await leader.getByRole('link', { name: 'Data og personvern' }).click();
    await leader.getByRole('heading', { name: /Data og personvern – Team Personvern/ }).waitFor();
    await checkA11y(leader, 'team data');
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByRole('button', { name: 'Last ned eksport' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^fellesrom-Team Personvern-\d{4}-\d\d-\d\d\.zip$/);
    const zipPath = await download.path();
    const files = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
    const archive = JSON.parse(strFromU8(files['team.json']!)) as { documents: Array<{ title: string }> };
    expect(archive.documents.map((d) => d.title)).toContain('Monas refleksjonslogg');
    await shown(leader, 'export done', '[data-testid="export-done"]', 'Eksporten er lastet ned');

    // Import it as a new team, from the home page.
    await leader.goto(url);
    await leader.getByLabel('Eksportfil (.zip)').setInputFiles(zipPath);
    await leader.getByRole('button', { name: 'Les inn' }).click();
    await shown(leader, 'import done', '[role="status"]', /Teamet «Team Personvern» er lest inn med 1 dokument\./);
    await leader.getByRole('link', { name: 'Åpne teamet' }).click();
    await shown(leader, 'imported team', 'main', 'Monas refleksjonslogg');

    // Retention on a cycle: set by the leader, the clock starts at closing; 0 days deletes at once.
    const cycleId = (await session.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const plan = (await session.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
    await session.post(`/api/documents/${plan}/observations`, {});
    await leader.goto(`${url}/cycles/${cycleId}`);
    await leader.getByRole('heading', { name: 'Avslutning og sletting' }).waitFor();
    await checkA11y(leader, 'cycle with retention');
    const days = leader.getByLabel('Behold observasjonsnotater (dager etter avslutning)');
    await days.fill('5');
    await leader.getByRole('button', { name: 'Lagre' }).click();
    await shown(leader, 'retention saved', 'output', 'Lagret.');
    await leader.getByRole('button', { name: 'Avslutt syklusen' }).click();
    await shown(leader, 'closed', '[data-testid="cycle-closed"]', 'Observasjonsnotatene slettes');
    // Five days left: the leaders are warned on the team page.
    await leader.goto(`${url}/teams/${teamId}`);
    await shown(leader, 'retention warning', '[data-testid="retention-warning"]', 'Observasjonsnotatene i «Brøk» slettes');
    await member.goto(`${url}/teams/${teamId}`);
    await member.getByRole('heading', { name: 'Team Personvern', level: 1 }).waitFor();
    expect(await member.getByTestId('retention-warning').count()).toBe(0);
    await leader.goto(`${url}/cycles/${cycleId}`);
    await days.fill('0');
    await leader.getByRole('button', { name: 'Lagre' }).click();
    await shown(leader, 'deleted at once', 'main', 'Observasjonsnotatene ble slettet');

    // The log shows who did what.
    await leader.goto(`${url}/teams/${teamId}/data`);
    await leader.getByRole('link', { name: /Logg: hvem som har lest/ }).click();
    await leader.getByRole('heading', { name: 'Logg – Team Personvern' }).waitFor();
    await shown(leader, 'share in the log', '[data-testid="audit-log"]', 'delte et utkast med teamet');
    await shown(leader, 'export in the log', '[data-testid="audit-log"]', 'tok ut teamets data');
    await shown(leader, 'retention in the log', '[data-testid="audit-log"]', 'Fellesrom (automatisk sletting)');
    await leader.getByLabel('Hendelse').selectOption('cycle.retention');
    await eventually(leader, 'filtered log', () => leader.locator('[data-testid="audit-log"] tbody tr').count(), 2);
    expect(new URL(leader.url()).searchParams.get('action')).toBe('cycle.retention');
    await checkA11y(leader, 'audit log');

    // Deleting the cycle takes its exact title.
    await leader.goto(`${url}/cycles/${cycleId}`);
    await leader.getByText('Slett syklusen', { exact: true }).click();
    const deleteCycle = leader.getByRole('button', { name: 'Slett syklusen for godt' });
    await leader.getByLabel(/Skriv syklusens tittel/).fill('Brø');
    expect(await deleteCycle.isDisabled()).toBe(true);
    await leader.getByLabel(/Skriv syklusens tittel/).fill('Brøk');
    await deleteCycle.click();
    await leader.getByRole('heading', { name: 'Team Personvern', level: 1 }).waitFor();
    expect((await session.get(`/api/cycles/${cycleId}`)).status).toBe(404);

    // Mona deletes her account with her password.
    await member.getByRole('link', { name: 'Mona Medlem', exact: true }).click();
    await member.getByRole('heading', { name: 'Min konto' }).waitFor();
    await checkA11y(member, 'account');
    await member.getByLabel('Passordet ditt').fill(PASSWORD);
    await member.getByRole('button', { name: 'Slett kontoen min for godt' }).click();
    await member.getByRole('button', { name: 'Logg inn' }).waitFor();
    expect((await mona.get('/api/auth/me')).status).toBe(401);

    // And the team, with its exact name.
    await leader.goto(`${url}/teams/${teamId}/data`);
    await leader.getByLabel(/Skriv teamets navn/).fill('Team Personvern');
    await leader.getByRole('button', { name: 'Slett teamet for godt' }).click();
    await leader.getByRole('heading', { name: 'Mine team' }).waitFor();
    expect((await session.get(`/api/teams/${teamId}`)).status).toBe(404);
    expect(violations).toEqual([]);
  });

  it('the Personvern page states the server’s settings and the roles, signed out, in bokmål and English', async () => {
    const page = await (await personContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await page.getByRole('link', { name: 'Personvern' }).click();
    await page.getByRole('heading', { name: 'Personvern i Fellesrom' }).waitFor();
    const retention = page.getByTestId('privacy-retention');
    await shown(page, 'retention stated', '[data-testid="privacy-retention"]', '30 dager etter at syklusen er avsluttet');
    expect(await retention.textContent()).toContain('Loggen: 365 dager.');
    expect(await retention.textContent()).toContain('En innlogging: 336 timer.');
    expect(await retention.textContent()).toContain('Serveren tar ikke egne sikkerhetskopier');
    // The role table is the policy's: guests never read raw notes, only leaders export.
    const guestRow = page.getByRole('row', { name: /Gjest/ });
    expect(await guestRow.getByRole('cell').allTextContents()).toEqual(['Ja', 'Nei', 'Nei', 'Ja', 'Nei']);
    violations.push(...(await seriousViolations(page, 'personvern')));
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { name: 'Privacy in Fellesrom' }).waitFor();
    expect(await retention.textContent()).toContain('30 days after the cycle is closed');
    expect(violations).toEqual([]);
  });
});
