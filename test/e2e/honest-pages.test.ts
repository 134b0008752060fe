import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, createDocument, PASSWORD, teamLeader } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();

/** Holds matching requests until `release()`: a slow answer, made visible. */
async function holdRequests(page: Page, pattern: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = async (route: Route) => {
    await gate;
    // The page may have given up on it meanwhile (navigated away): then there is nothing to answer.
    await route.continue().catch(() => undefined);
  };
  await page.route(pattern, held);
  return {
    release: async () => {
      release();
      await page.unroute(pattern, held);
    },
  };
}

const heading = (page: Page) => page.locator('main h1').textContent();

describe('the client says what is true (Chromium)', () => {
  it('a malformed address is "not found", with the header still there; a real 404 says so', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const page = await (await personContext(suite.browser, leader)).newPage();
    // Malformed filters of a real page are simply not set: the page is there, unfiltered.
    await page.goto(`${suite.server.url}/teams/${teamId}/documents?sort=nonsense&kind=42&archived=%ZZ&cycleId=x&q=${'a'.repeat(500)}`);
    await shown(page, 'the list without the malformed filters', 'main h1', 'Dokumentene i 5. trinn');
    expect(await page.getByLabel('Tittel inneholder').inputValue()).toBe('');
    // A search word the router reads as JSON (a number) is still a search word.
    await page.goto(`${suite.server.url}/teams/${teamId}/documents?q=2024`);
    await shown(page, 'the list', 'main h1', 'Dokumentene i 5. trinn');
    expect(await page.getByLabel('Tittel inneholder').inputValue()).toBe('2024');
    for (const path of ['/documents/not-an-id', '/teams/%E0%A4%A', '/cycles/%%%', '/documents/x/timeline?step=abc&pupil=%ZZ']) {
      await page.goto(`${suite.server.url}${path}`);
      await shown(page, `not found for ${path}`, 'main h1', 'Fant ikke siden');
      expect(await page.getByRole('link', { name: 'Fellesrom' }).count()).toBe(1);
    }
    // An id that could exist but does not (or that this person may not see): not found, from the server.
    await page.goto(`${suite.server.url}/documents/AAAAAAAAAAAAAAAAAAAAAA`);
    await shown(page, 'the server’s 404 as not found', 'main', 'finnes ikke, eller du har ikke tilgang');
  });

  it('a failed sign-in check or a lost connection says so and offers to try again, never an endless "Laster…"', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Møtenotat');
    const page = await (await personContext(suite.browser, leader)).newPage();
    const failing = (route: Route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' });
    await page.route('**/api/auth/me', failing);
    await page.goto(suite.server.url);
    await shown(page, 'the failed check', '[role="alert"]', 'Noe gikk galt hos oss', { errorsExpected: true });
    await page.unroute('**/api/auth/me', failing);
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await shown(page, 'the signed-in home after retrying', 'main h1', 'Mine team');

    // The document's own read fails on the network: that is what the page says (not "not found").
    const offline = (route: Route) => route.abort('internetdisconnected');
    await page.route('**/api/documents/*', offline);
    await page.goto(`${suite.server.url}/documents/${documentId}`);
    await shown(page, 'the network error', 'main [role="alert"]', 'Får ikke kontakt med serveren', { errorsExpected: true });
    expect(await page.locator('main').textContent()).not.toContain('Fant ikke');
    await page.unroute('**/api/documents/*', offline);
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    // (The old message is still on screen until the retry answers.)
    await eventually(page, 'the document after retrying', () => heading(page), 'Møtenotat', { errorsExpected: true });
  });

  it('a page whose code is gone after a deploy offers a reload instead of a blank app', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    await createDocument(leader, teamId, 'note', 'Møtenotat');
    // No service worker: it would serve the old chunk from its cache.
    const page = await (await personContext(suite.browser, leader, undefined, { serviceWorkers: 'block' })).newPage();
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await shown(page, 'the team home', 'main h1', '5. trinn');
    await page.route('**/assets/DocumentPage-*.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
    await page.getByRole('link', { name: 'Møtenotat' }).first().click();
    await shown(page, 'the offer to reload', 'main h1', 'Ny versjon av Fellesrom', { errorsExpected: true });
    expect(await page.getByRole('button', { name: 'Last inn på nytt' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Fellesrom' }).count()).toBe(1);
  });

  it('each error code has its own words, and the focus moves to them', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const page = await (await personContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await page.getByLabel('E-postadresse').fill(leader.user.email);
    await page.getByLabel('Passord').fill(`${PASSWORD}-feil`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await shown(page, 'the wrong-password message', '[role="alert"]', 'Feil e-postadresse eller passord.', { errorsExpected: true });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(await page.locator('main').textContent()).not.toContain('Du må logge inn');

    // The only leader tries to step down.
    const leaderPage = await (await personContext(suite.browser, leader)).newPage();
    await leaderPage.goto(`${suite.server.url}/teams/${teamId}/members`);
    await leaderPage.getByLabel('Rolle: Lise Leder').selectOption('member');
    await shown(leaderPage, 'the last-leader message', '[role="alert"]', 'Teamet må ha minst én teamleder', { errorsExpected: true });
    expect(await leaderPage.locator('main').textContent()).not.toContain('samtidig');
  });

  it('loading is said as loading: comments and headings wait for their data', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Møtenotat');
    const page = await (await personContext(suite.browser, leader)).newPage();
    const threads = await holdRequests(page, '**/api/documents/*/threads');
    const team = await holdRequests(page, '**/api/teams/*/home');
    await page.goto(`${suite.server.url}/documents/${documentId}`);
    await eventually(page, 'the document', () => heading(page), 'Møtenotat');
    await shown(page, 'comments loading', '.comments [role="status"]', 'Laster…');
    expect(await page.locator('.comments').textContent()).not.toContain('Ingen kommentarer ennå');
    await threads.release();
    await shown(page, 'no comments, once known', '.comments', 'Ingen kommentarer ennå.');

    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await shown(page, 'the team home loading', 'main [role="status"]', 'Laster…');
    expect(await page.locator('main h1').count()).toBe(0);
    await team.release();
    await eventually(page, 'the team name as heading', () => heading(page), '5. trinn');
  });

  it('the header and the breadcrumb name the team of a document; a new page takes the focus', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url, 'Lise Leder', 'Team Nord');
    await leader.post('/api/teams', { name: 'Team Sør', school: 'Nordby skole' });
    await createDocument(leader, teamId, 'note', 'Møtenotat');
    const page = await (await personContext(suite.browser, leader)).newPage();
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await shown(page, 'the team home', 'main h1', 'Team Nord');
    await page.getByRole('link', { name: 'Møtenotat' }).first().click();
    await eventually(page, 'the document', () => heading(page), 'Møtenotat');
    await eventually(page, 'the focus on the new page’s heading', () => page.evaluate(() => document.activeElement?.tagName), 'H1');
    await eventually(page, 'the team in the switcher', () => page.locator('.team-switcher select option:checked').textContent(), 'Team Nord');
    expect(await page.getByRole('navigation', { name: 'Brødsmulesti' }).textContent()).toContain('Team Nord');
    expect(await page.getByRole('navigation', { name: 'Brødsmulesti' }).textContent()).not.toContain('Dokumenter');
  });

  it('a guest on the timeline is told the notes are for the teachers', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    const page = await (await personContext(suite.browser, guest)).newPage();
    await page.goto(`${suite.server.url}/documents/${planId}/timeline`);
    await shown(page, 'the explanation', 'main', 'Notatene fra observasjonen er bare for teamets lærere.');
    expect(await page.locator('main').textContent()).not.toContain('Fant ikke');
  });

  it('"since your last visit" is not shown when nothing changed', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Møtenotat');
    const page = await (await personContext(suite.browser, leader)).newPage();
    const settled = async (path: string, what: string) => {
      const since = page.waitForResponse((r) => r.url().includes(what));
      await page.goto(`${suite.server.url}${path}`);
      await since;
    };
    for (let visit = 0; visit < 2; visit++) {
      await settled(`/documents/${documentId}`, '/since');
      await eventually(page, 'the document saved', () => syncStatus(page), 'saved');
      // The visit is recorded on leaving too: go through the team home.
      await settled(`/teams/${teamId}`, '/home');
      await shown(page, 'the team home', 'main h1', '5. trinn');
    }
    await settled(`/documents/${documentId}`, '/since');
    await eventually(page, 'the document saved', () => syncStatus(page), 'saved');
    expect(await page.getByTestId('since-visit').count()).toBe(0);
    await settled(`/teams/${teamId}`, '/home');
    await shown(page, 'the team home', 'main h1', '5. trinn');
    expect(await page.getByTestId('team-since').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Siden sist du var her');
  });
});
