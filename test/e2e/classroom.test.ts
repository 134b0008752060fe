import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, teamLeader } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { clientDir, launchBrowser, personContext } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('observing a research lesson on a phone (Chromium)', () => {
  it('clock, notes for A and B, a note while offline, and all three in the shared timeline', async () => {
    const { session: leader, teamId } = await teamLeader(server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    const ola = await addMember(leader, teamId, 'member', 'Ola Observatør');

    const phoneContext = await personContext(browser, ola, { width: 390, height: 844 });
    const phone = await phoneContext.newPage();
    await phone.goto(`${server.url}/documents/${planId}/observe`);
    await phone.getByRole('heading', { name: /Observasjon: Brøkplan/ }).waitFor();
    await expect.poll(() => phone.locator('[data-status]').getAttribute('data-status')).toBe('saved');
    const violations = await seriousViolations(phone, 'observe (phone)');

    await phone.getByRole('button', { name: 'Start timen' }).click();
    await phone.getByTestId('clock').waitFor();
    const note = async (pupil: string, text: string) => {
      await phone.locator('label.chip', { hasText: new RegExp(`^${pupil}$`) }).click();
      await phone.getByPlaceholder('Hva sier eller gjør eleven?').fill(text);
      await phone.getByRole('button', { name: 'Lagre notat' }).click();
    };
    await note('A', 'Tegner fire like store deler');
    await note('B', 'Sier at en fjerdedel er størst');
    await expect.poll(() => phone.locator('.notes .note').count()).toBe(2);
    await expect.poll(() => phone.getByTestId('pending').textContent()).toContain('lagret på serveren');

    // The classroom Wi-Fi drops.
    await phoneContext.setOffline(true);
    await expect.poll(() => phone.locator('[data-status]').getAttribute('data-status')).toBe('offline');
    await note('B', 'Bytter til å tegne kaker');
    await expect.poll(() => phone.locator('.notes .note').count()).toBe(3);
    await expect.poll(() => phone.getByTestId('pending').textContent()).toContain('bare lagret på denne enheten');
    // A name in a note is flagged.
    await phone.getByPlaceholder('Hva sier eller gjør eleven?').fill('Ola Nordmann rekker opp hånda');
    await phone.getByRole('alert').filter({ hasText: 'case-koder' }).waitFor();
    await phone.getByPlaceholder('Hva sier eller gjør eleven?').fill('');

    await phoneContext.setOffline(false);
    await expect.poll(() => phone.getByTestId('pending').textContent(), { timeout: 15_000 }).toContain('lagret på serveren');

    const laptop = await (await personContext(browser, leader)).newPage();
    await laptop.goto(`${server.url}/documents/${planId}/timeline`);
    await laptop.getByRole('heading', { name: /Tidslinje: Brøkplan/ }).waitFor();
    const timeline = laptop.getByTestId('timeline').locator('.note-text');
    await expect.poll(() => timeline.allTextContents()).toEqual([
      'Tegner fire like store deler',
      'Sier at en fjerdedel er størst',
      'Bytter til å tegne kaker',
    ]);
    expect(await laptop.locator('.pupil-card').nth(1).textContent()).toContain('Bytter til å tegne kaker');
    violations.push(...(await seriousViolations(laptop, 'timeline')));
    expect(violations).toEqual([]);
  });
});
