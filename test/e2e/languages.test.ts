import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { en } from '../../client/i18n/en';
import { nb } from '../../client/i18n/nb';
import { nn } from '../../client/i18n/nn';
import { encodeAnchor } from '../../client/comments/anchors';
import { addMember, teamLeader } from '../helpers/api';
import { browserSuite, personContext, syncStatus } from '../helpers/browser';
import { connectSynced } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';

const suite = browserSuite();

/** Every text the page shows or says (text, labels, titles, placeholders), one string each. */
const saidOnPage = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.trim()) out.push(n.textContent.trim());
    for (const el of document.body.querySelectorAll('*')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'aria-description', 'alt']) {
        const v = el.getAttribute(attr);
        if (v?.trim()) out.push(v.trim());
      }
    }
    return out;
  });

// English the bokmål UI must never show: our own English messages, and what libraries write.
const englishOnly = new Set(
  Object.entries(en)
    .map(([key, text]) => [typeof text === 'string' ? text : text.other, nb[key as keyof typeof nb]] as const)
    .filter(([text, bokmaal]) => text !== (typeof bokmaal === 'string' ? bokmaal : bokmaal.other) && !text.includes('{'))
    .map(([text]) => text),
);
const libraryEnglish = /Task item|checkbox for|empty task item|Lesson study|Please fill|Loading|Untitled/i;

describe('Norwegian first, in the reader’s own written standard (Chromium)', () => {
  it('no English in the bokmål pages, counts in proper plurals, and our own words when a form is incomplete', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    // One thread by Mona, unread for the leader.
    const c = await connectSynced(suite.server.wsUrl, reflectionId, mona.cookie);
    const title = (c.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const thread = await mona.post(`/api/documents/${reflectionId}/threads`, {
      anchorStart: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 0)),
      anchorEnd: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 5)),
      quote: 'Refle',
      body: 'Fin start',
    });
    c.destroy();
    expect(thread.status).toBe(201);

    const page = await (await personContext(suite.browser, leader)).newPage();
    const problems: string[] = [];
    const check = async (label: string) => {
      for (const text of await saidOnPage(page)) {
        if (englishOnly.has(text) || libraryEnglish.test(text)) problems.push(`${label}: "${text}"`);
      }
    };
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await shown(page, 'the unread badge', '[data-testid="unread-badge"]', '1 ny kommentar');
    await check('team home');
    await page.goto(`${suite.server.url}/teams/${teamId}/conversations`);
    await shown(page, 'one comment, counted', 'main .doc-list li', '1 kommentar · startet av Mona Medlem');
    await check('conversations');
    await page.goto(`${suite.server.url}/documents/${reflectionId}`);
    await eventually(page, 'saved', () => syncStatus(page), 'saved');
    await shown(page, 'the thread', '.thread', 'Fin start');
    await check('reflection with action items');
    await page.goto(`${suite.server.url}/cycles/${cycleId}`);
    await shown(page, 'the cycle', 'main h1', 'Brøk');
    await check('cycle');
    await page.goto(`${suite.server.url}/teams/${teamId}/members`);
    await shown(page, 'members', 'main h1', 'Medlemmer i 5. trinn');
    await check('members');
    expect(problems).toEqual([]);

    // An incomplete form is answered in our words, with the focus on the first field to fix.
    const out = await (await personContext(suite.browser)).newPage();
    await out.goto(suite.server.url);
    await out.getByRole('button', { name: 'Logg inn' }).click();
    await shown(out, 'the problems, listed', '.form-problems', 'E-postadresse: må fylles ut.');
    expect(await out.locator('.form-problems').textContent()).toContain('Passord: må fylles ut.');
    expect(await out.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('email');
    await out.getByLabel('E-postadresse').fill('ikke-en-adresse');
    await out.getByRole('button', { name: 'Logg inn' }).click();
    await shown(out, 'the address problem', '.form-problems', 'E-postadresse: skriv en gyldig e-postadresse.');
  });

  it('nynorsk is a choice away: the app, its dates and a new document’s template in nynorsk', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const page = await (await personContext(suite.browser, leader)).newPage();
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    await shown(page, 'the team home', 'main h1', '5. trinn');
    await page.getByLabel('Språk').selectOption('nn');
    await shown(page, 'nynorsk', 'main', 'Syklusar med forskingstimar');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn');
    // Nynorsk loads when chosen: a nynorsk reader's next visit shows nynorsk from its first frame,
    // never bokmål first and never a message's key.
    await page.addInitScript(() => {
      const seen = new Set<string>();
      const observer = new MutationObserver(() => {
        if (document.body) seen.add(document.body.innerText);
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
      (window as unknown as { seenTexts: () => string[] }).seenTexts = () => (observer.disconnect(), [...seen]);
    });
    await page.reload();
    await shown(page, 'nynorsk again', 'main', 'Syklusar med forskingstimar');
    const seenLines = (await page.evaluate(() => (window as unknown as { seenTexts: () => string[] }).seenTexts())).flatMap((text) => text.split('\n').map((line) => line.trim()));
    expect(seenLines).toContain(nn['home.cycles']);
    const bokmaalOnly = new Set(
      Object.entries(nb)
        .map(([key, text]) => [typeof text === 'string' ? text : text.other, nn[key as keyof typeof nn]] as const)
        .filter(([text, nynorsk]) => text !== (typeof nynorsk === 'string' ? nynorsk : nynorsk.other) && !text.includes('{'))
        .map(([text]) => text),
    );
    const keys = new Set(Object.keys(nb));
    expect([...new Set(seenLines.filter((line) => bokmaalOnly.has(line) || keys.has(line)))]).toEqual([]);
    const newDocument = page.locator('details', { hasText: 'Nytt dokument' });
    await newDocument.getByText('Nytt dokument').click();
    await newDocument.getByLabel('Tittel').fill('Plan på nynorsk');
    await newDocument.getByRole('button', { name: 'Opprett' }).click();
    await shown(page, 'the nynorsk template', '.ProseMirror h1', 'Undervisningsplan for forskingstimen');
    await eventually(page, 'lagra', () => page.locator('output.sync-status').textContent(), 'Lagra');
    // Dates follow the language: English writes its months its own way.
    await page.getByLabel('Språk').selectOption('en');
    await page.goto(`${suite.server.url}/teams/${teamId}/activity`);
    const when = await page.locator('ol.activity li .muted').first().textContent();
    expect(when).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}/);
    await page.getByLabel('Language').selectOption('nb');
    await shown(page, 'bokmål', 'main h1', 'Aktivitet i 5. trinn');
    expect(await page.locator('ol.activity li .muted').first().textContent()).toMatch(/^\d{1,2}\. [a-zæøå]{3}\.? \d{4}/);
  });
});
