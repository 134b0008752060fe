import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTeamAndDocument } from '../helpers/api';
import { browserSuite, clientDir, personContext } from '../helpers/browser';
import { tempDataDir } from '../helpers/server';
import { eventually } from '../helpers/page-wait';

// A copy of the built client of our own, so this file can "deploy" into it.
const deployed = path.join(tempDataDir('client'), 'client');
fs.cpSync(clientDir, deployed, { recursive: true });
afterAll(() => fs.rmSync(path.dirname(deployed), { recursive: true, force: true }));
const suite = browserSuite({ CLIENT_DIR: deployed });

/** A file and its precompressed twins. */
const variants = (file: string) => [file, `${file}.br`, `${file}.gz`].filter((f) => fs.existsSync(f));

/** Rewrites a top-level file of the deployed client (its .br/.gz go, so the new text is served). */
function rewrite(name: string, change: (text: string) => string) {
  const file = path.join(deployed, name);
  const text = fs.readFileSync(file, 'utf8');
  const changed = change(text);
  expect(changed).not.toBe(text);
  for (const f of variants(file).slice(1)) fs.rmSync(f);
  fs.writeFileSync(file, changed);
}

describe('after a deploy (Chromium)', () => {
  it('without a service worker: a page whose script is gone offers the new version, never a blank page', async () => {
    const { session, teamId } = await createTeamAndDocument(suite.server.url, 'lesson_plan', 'Brøkplan');
    const context = await personContext(suite.browser, session);
    // As in a browser without a service worker (private mode, first visit, older devices).
    await context.route('**/sw.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/teams/${teamId}`);
    const link = page.getByRole('link', { name: /Brøkplan/ }).first();
    await link.waitFor();

    // The deploy removes this build's editor chunk; the tab was opened before it.
    const editorChunk = fs.readdirSync(path.join(deployed, 'assets')).find((f) => /^DocumentPage-.*\.js$/.test(f))!;
    const hidden = variants(path.join(deployed, 'assets', editorChunk));
    for (const f of hidden) fs.renameSync(f, `${f}.gone`);
    await link.click();

    await page.getByRole('heading', { name: 'Ny versjon av Fellesrom' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Fellesrom er oppdatert mens du hadde den åpen');
    const reload = page.getByRole('button', { name: 'Last inn på nytt' });
    // The header is still there: the rest of the app keeps working.
    expect(await page.locator('header.topbar').isVisible()).toBe(true);

    // What the reload brings (here: the files back, as a new build would bring its own).
    for (const f of hidden) fs.renameSync(`${f}.gone`, f);
    await reload.click();
    await page.locator('.ProseMirror').first().waitFor();
    expect(await reload.count()).toBe(0);
    await context.close();
  });

  it('with the service worker: the new build is offered, the old one keeps working until it is accepted', async () => {
    const { session } = await createTeamAndDocument(suite.server.url, 'note', 'Notat');
    const context = await personContext(suite.browser, session);
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await eventually(page, 'page.evaluate(() => navigator.serviceWorker.controller !== null)', () => page.evaluate(() => navigator.serviceWorker.controller !== null), true);

    // Deploy: a changed index.html, and the service worker that precaches it under a new revision.
    rewrite('index.html', (html) => html.replace('</head>', '<meta name="fellesrom-build" content="next" /></head>'));
    rewrite('sw.js', (sw) => sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1next"'));

    // A navigation makes the browser look for a new worker; the page itself still comes from the old build.
    await page.reload();
    const accept = page.getByRole('button', { name: 'Ny versjon – last inn på nytt' });
    await accept.waitFor();
    expect(await page.locator('meta[name="fellesrom-build"]').count()).toBe(0);
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    await accept.click();
    await eventually(page, 'how many meta[name="fellesrom-build"]', () => page.locator('meta[name="fellesrom-build"]').count(), 1);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await accept.count()).toBe(0);
    await context.close();
  });
});
