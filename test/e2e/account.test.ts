/**
 * Signing in with the "Logg inn med Feide" button against a real OpenID Provider, "Glemt passord?",
 * linking Feide to a password account, the notification settings and an unsubscribe link: in
 * Chromium, through the pages a teacher uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUp, teamLeader } from '../helpers/api';
import { anchorFor } from '../helpers/anchor';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext } from '../helpers/browser';
import { startOidcProvider, type TestProvider } from '../helpers/oidc-provider';
import { eventually } from '../helpers/page-wait';
import { waitFor } from '../helpers/wait';

let idp: TestProvider;
const suite = browserSuite(async () => {
  idp = await startOidcProvider({
    accounts: [
      {
        sub: 'kari-e2e',
        name: 'Kari Feide',
        email: 'kari.e2e@nordby.kommune.no',
        feideId: 'kari.e2e@nordby.kommune.no',
        groups: [{ id: 'fc:org:nordby.kommune.no:unit:NO1', type: 'fc:org', displayName: 'Nordby skole', parent: 'fc:org:nordby.kommune.no', membership: { primarySchool: true } }],
      },
      { sub: 'ola-e2e', name: 'Ola Passord', email: 'ola.e2e@skole.test', feideId: 'ola.e2e@nordby.kommune.no' },
    ],
  });
  return idp.env;
});
beforeAll(async () => {
  await idp.register(`${suite.server.url}/api/auth/oidc/callback`);
  // Not a first run: the page offers sign-in.
  await teamLeader(suite.server.url);
});
afterAll(async () => {
  await idp?.stop();
});

/** The newest mail to `to` written under DATA_DIR/mail (no SMTP_URL here), parsed. */
async function mailTo(to: string, subject: string) {
  const dir = path.join(suite.server.dataDir, 'mail');
  const found = await waitFor(async () => {
    if (!fs.existsSync(dir)) return null;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).toSorted().toReversed()) {
      const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
      if (mail.to && JSON.stringify(mail.to).includes(to) && mail.subject === subject) return mail;
    }
    return null;
  }, 20_000, `a mail to ${to}`);
  return found.text ?? '';
}
/** A link from a mail, opened on the test server (mails point at PUBLIC_ORIGIN). */
function linkFrom(text: string, pathPrefix: string): string {
  const m = new RegExp(`https?://[^/\\s]+${pathPrefix.replace('/', '\\/')}\\S+`).exec(text);
  if (!m) throw new Error(`no ${pathPrefix} link in:\n${text}`);
  const u = new URL(m[0]);
  return `${suite.server.url}${u.pathname}${u.search}${u.hash}`;
}
async function approveAtProvider(page: Page, account: string) {
  await page.getByRole('heading', { name: 'Logg inn hos test-IdP' }).waitFor();
  await page.getByLabel('Bruker').selectOption(account);
  await page.getByRole('button', { name: 'Godta' }).click();
}

describe('sign-in and the account (Chromium)', () => {
  it('logs in with the Feide button and offers the Feide school for a new team', async () => {
    const page = await (await personContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    const violations = await seriousViolations(page, 'login with Feide');
    await page.getByRole('link', { name: 'Logg inn med Feide' }).click();
    await approveAtProvider(page, 'kari-e2e');
    await page.getByRole('heading', { name: 'Mine team' }).waitFor();
    expect(new URL(page.url()).origin).toBe(suite.server.url);
    await page.getByRole('link', { name: 'Kari Feide' }).waitFor();

    await page.getByLabel('Teamets navn').fill('6. trinn');
    // The provider's name arrives with the setup query, which may come after the account's schools.
    await page.getByLabel('Skole').locator('option:checked', { hasText: 'Skolen din i Feide: Nordby skole' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Opprett' }).click();
    await page.getByRole('heading', { name: '6. trinn' }).waitFor();

    await page.getByRole('link', { name: 'Kari Feide' }).click();
    await page.getByRole('heading', { name: 'Min konto' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Feide-bruker kari.e2e@nordby.kommune.no');
    // Only Feide signs in to this account: disconnecting waits until a password is chosen.
    expect(await page.getByRole('button', { name: 'Koble fra' }).isDisabled()).toBe(true);
    await page.getByLabel('Nytt passord').fill('et eget passord');
    await page.getByRole('button', { name: 'Velg passord' }).click();
    await page.getByText('Passordet er endret.').waitFor();
    await eventually(page, 'unlinking possible', () => page.getByRole('button', { name: 'Koble fra' }).isDisabled(), false);
    violations.push(...(await seriousViolations(page, 'account')));
    expect(violations).toEqual([]);
  });

  it('explains a declined sign-in on the login page', async () => {
    const page = await (await personContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await page.getByRole('link', { name: 'Logg inn med Feide' }).click();
    await page.getByRole('heading', { name: 'Logg inn hos test-IdP' }).waitFor();
    await page.getByRole('button', { name: 'Avvis' }).click();
    await page.getByRole('alert').filter({ hasText: 'Innloggingen ble avbrutt hos Feide.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('“Glemt passord?” mails a link that sets a new password and signs in', async () => {
    const person = await signUp(suite.server.url, 'Glemsk Lærer');
    const page = await (await personContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await page.getByRole('link', { name: 'Glemt passord?' }).click();
    await page.getByRole('heading', { name: 'Glemt passord' }).waitFor();
    await page.getByLabel('E-postadresse').fill(person.user.email);
    await page.getByRole('button', { name: 'Send lenke' }).click();
    await page.getByText(`Hvis det finnes en konto for ${person.user.email}`).waitFor();
    const violations = await seriousViolations(page, 'forgot password');

    const link = linkFrom(await mailTo(person.user.email, 'Velg nytt passord til Fellesrom'), '/reset-password');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Velg nytt passord' }).waitFor();
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token');
    violations.push(...(await seriousViolations(page, 'reset password')));
    await page.getByLabel('Nytt passord').fill('helt nytt og langt');
    await page.getByRole('button', { name: 'Lagre passordet og logg inn' }).click();
    await page.getByRole('heading', { name: 'Mine team' }).waitFor();
    await page.getByRole('link', { name: 'Glemsk Lærer' }).waitFor();

    // The same link a second time is refused.
    const again = await (await personContext(suite.browser)).newPage();
    await again.goto(link);
    await again.getByLabel('Nytt passord').fill('et tredje passord');
    await again.getByRole('button', { name: 'Lagre passordet og logg inn' }).click();
    await again.getByText('Lenken er brukt eller utløpt. Be om en ny.').waitFor();
    expect(violations).toEqual([]);
  });

  it('links Feide to a password account from the account page', async () => {
    const owner = await signUp(suite.server.url, 'Ola Passord', { email: 'ola.e2e@skole.test' });
    const page = await (await personContext(suite.browser, owner)).newPage();
    await page.goto(`${suite.server.url}/account`);
    await page.getByRole('heading', { name: 'Min konto' }).waitFor();
    await page.getByRole('link', { name: 'Koble til Feide' }).click();
    await approveAtProvider(page, 'ola-e2e');
    await page.getByText('Feide er koblet til kontoen din.').waitFor();
    expect(await page.locator('main').textContent()).toContain('Feide-bruker ola.e2e@nordby.kommune.no');

    // Signed out, the Feide button now signs in to the same account.
    const fresh = await (await personContext(suite.browser)).newPage();
    await fresh.goto(suite.server.url);
    await fresh.getByRole('link', { name: 'Logg inn med Feide' }).click();
    await approveAtProvider(fresh, 'ola-e2e');
    await fresh.getByRole('link', { name: 'Ola Passord' }).waitFor();
  });

  it('keeps notification settings, and an unsubscribe link from a mail works without signing in', async () => {
    const { session, teamId } = await teamLeader(suite.server.url, 'Lise Varsler', 'Varselteam');
    const guest = await addMember(session, teamId, 'guest', 'Gry Gjest');
    const page = await (await personContext(suite.browser, guest)).newPage();
    await page.goto(`${suite.server.url}/account/notifications`);
    await page.getByRole('heading', { name: 'Varsler på e-post' }).waitFor();
    const violations = await seriousViolations(page, 'notification settings');
    await page.getByLabel('nye kommentarer på dokumenter jeg har laget').uncheck();
    await page.getByText('Lagret.').waitFor();
    await page.getByLabel('Dag for ukesoversikten').selectOption({ label: 'fredag' });
    await page.getByLabel('Språk i e-postene').selectOption('nn');
    await eventually(page, 'the settings stored', async () => (await guest.get('/api/account/notifications')).json, (s) => s.comments === false && s.digestDay === 5 && s.language === 'nn');
    await page.reload();
    expect(await page.getByLabel('nye kommentarer på dokumenter jeg har laget').isChecked()).toBe(false);

    // A mention reaches the guest by mail (in nynorsk); its link turns mentions off, signed out.
    const doc = await session.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan for brøk' });
    await session.post(`/api/documents/${doc.json.id as string}/threads`, { anchorStart: anchorFor(1), anchorEnd: anchorFor(2), quote: 'x', body: 'Gry, hva tenker du?', mentions: [guest.user.id] });
    await suite.server.notifier.tick(new Date(Date.now() + 10 * 60_000));
    const link = linkFrom(await mailTo(guest.user.email, 'Lise Varsler nemnde deg i «Plan for brøk»'), '/unsubscribe');
    const anon = await (await personContext(suite.browser)).newPage();
    await anon.goto(link);
    await anon.getByRole('heading', { name: 'Slå av e-post' }).waitFor();
    expect(await anon.locator('main').textContent()).toContain('når noen nevner meg');
    violations.push(...(await seriousViolations(anon, 'unsubscribe')));
    await anon.getByRole('button', { name: 'Slå av' }).click();
    await anon.getByText('Ferdig. Du får ikke lenger e-post om dette').waitFor();
    expect((await guest.get('/api/account/notifications')).json).toMatchObject({ mentions: false });
    expect(violations).toEqual([]);
  });
});
