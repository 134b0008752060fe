import { describe, expect, it } from 'vitest';
import { addMember, teamLeader } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, disableHttpCache, personContext, syncStatus } from '../helpers/browser';
import { eventually } from '../helpers/page-wait';

const suite = browserSuite();

describe('observing a research lesson on a phone (Chromium)', () => {
  it('clock, notes for A and B, a note while offline, and all three in the shared timeline', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url);
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    const ola = await addMember(leader, teamId, 'member', 'Ola Observatør');

    const phoneContext = await personContext(suite.browser, ola, { width: 390, height: 844 });
    const phone = await phoneContext.newPage();
    await disableHttpCache(phone);
    await phone.goto(`${suite.server.url}/documents/${planId}/observe`);
    await phone.getByRole('heading', { name: /Observasjon: Brøkplan/ }).waitFor();
    await eventually(phone, 'the save state', () => syncStatus(phone), 'saved');
    await phone.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
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
    await eventually(phone, 'how many .notes .note', () => phone.locator('.notes .note').count(), 2);
    await eventually(phone, 'the pending text', () => phone.getByTestId('pending').textContent(), (v) => v?.includes('lagret på serveren') ?? false);

    // The classroom Wi-Fi drops.
    await phoneContext.setOffline(true);
    await eventually(phone, 'the save state', () => syncStatus(phone), 'offline');
    await note('B', 'Bytter til å tegne kaker');
    await eventually(phone, 'how many .notes .note', () => phone.locator('.notes .note').count(), 3);
    await eventually(phone, 'the pending text', () => phone.getByTestId('pending').textContent(), (v) => v?.includes('bare lagret på denne enheten') ?? false);
    // A name in a note is flagged.
    await phone.getByPlaceholder('Hva sier eller gjør eleven?').fill('Ola Nordmann rekker opp hånda');
    await phone.getByRole('alert').filter({ hasText: 'case-koder' }).waitFor();
    await phone.getByPlaceholder('Hva sier eller gjør eleven?').fill('');
    // Even a reload in the dead zone keeps the page and the unsent note (service worker + IndexedDB).
    await phone.reload();
    await phone.getByRole('heading', { name: /Observasjon: Brøkplan/ }).waitFor();
    await eventually(phone, 'how many .notes .note', () => phone.locator('.notes .note').count(), 3);
    await eventually(phone, 'the save state', () => syncStatus(phone), 'offline');

    await phoneContext.setOffline(false);
    await eventually(phone, 'the pending text', () => phone.getByTestId('pending').textContent(), (v) => v?.includes('lagret på serveren') ?? false);

    const laptop = await (await personContext(suite.browser, leader)).newPage();
    await laptop.goto(`${suite.server.url}/documents/${planId}/timeline`);
    await laptop.getByRole('heading', { name: /Tidslinje: Brøkplan/ }).waitFor();
    const timeline = laptop.getByTestId('timeline').locator('.note-text');
    await eventually(laptop, 'the three notes in the timeline', () => timeline.allTextContents(), [
      'Tegner fire like store deler',
      'Sier at en fjerdedel er størst',
      'Bytter til å tegne kaker',
    ]);
    expect(await laptop.locator('.pupil-card').nth(1).textContent()).toContain('Bytter til å tegne kaker');
    violations.push(...(await seriousViolations(laptop, 'timeline')));
    expect(violations).toEqual([]);
  });

  it('runs the post-lesson discussion: live steps for a remote guest, evidence pulled from the notes', async () => {
    const { session: leader, teamId } = await teamLeader(suite.server.url, 'Lise Leder', 'Møteteam');
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Lesing' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Leseplan', cycleId })).json.id as string;
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    const observer = await addMember(leader, teamId, 'member', 'Ola Observatør');
    const obs = (await observer.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    const { connectSynced, whenStored } = await import('../helpers/clients');
    const Y = await import('yjs');
    const c = await connectSynced(suite.server.wsUrl, obs, observer.cookie);
    const map = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: 'n1', at: Date.now(), minute: 3, step: 0, pupil: 'A', category: 'pupil_talk', text: 'A forklarer med tegning', observerId: observer.user.id })) map.set(k, v);
    c.doc.getArray('notes').push([map]);
    await whenStored(c);
    c.destroy();
    const guest = await addMember(leader, teamId, 'guest', 'Ingrid Utdanner');

    const facilitator = await (await personContext(suite.browser, leader)).newPage();
    const remote = await (await personContext(suite.browser, guest)).newPage();
    await facilitator.goto(`${suite.server.url}/documents/${reflectionId}`);
    await remote.goto(`${suite.server.url}/documents/${reflectionId}`);
    await facilitator.getByRole('button', { name: 'Start refleksjonsmøtet' }).click();
    await eventually(remote, 'the meeting-step text', () => remote.getByTestId('meeting-step').textContent(), (v) => v?.includes('Steg 1 av 6: Takk') ?? false);
    // The remote guest follows but does not steer.
    expect(await remote.getByRole('button', { name: 'Neste steg' }).count()).toBe(0);
    await facilitator.getByRole('button', { name: 'Neste steg' }).click();
    await eventually(remote, 'the meeting-step text', () => remote.getByTestId('meeting-step').textContent(), (v) => v?.includes('Steg 2 av 6: Læreren først') ?? false);
    await eventually(remote, 'the meeting-timer text', () => remote.getByTestId('meeting-timer').textContent(), (v) => /igjen/.test(v ?? ''));

    // A finding without data is nudged; pulling in the observation note as evidence answers it.
    const findings = facilitator.locator('.ProseMirror h2', { hasText: 'Funn vi er enige om' });
    const item = facilitator.locator('.ProseMirror [data-block="findings"] .finding').first();
    await findings.waitFor();
    await item.click();
    await facilitator.keyboard.type('A forstår brøk bedre når hun får tegne');
    await facilitator.getByTestId('evidence-nudge').waitFor();
    await facilitator.getByRole('tab', { name: 'Evidens' }).click();
    await facilitator.getByRole('button', { name: 'Bruk som evidens' }).click();
    await eventually(facilitator, 'how many .ProseMirror .evidence-card', () => facilitator.locator('.ProseMirror .evidence-card').count(), 1);
    await eventually(facilitator, 'the nudge gone', () => facilitator.getByTestId('evidence-nudge').count(), 0);
    await eventually(remote, 'the text of .ProseMirror .evidence-card', () => remote.locator('.ProseMirror .evidence-card').textContent(), (v) => v?.includes('A forklarer med tegning') ?? false);
    // The guest never sees the raw notes themselves.
    expect(await remote.getByRole('tab', { name: 'Evidens' }).count()).toBe(0);
    const violations = [...(await seriousViolations(facilitator, 'meeting')), ...(await seriousViolations(remote, 'meeting (remote)'))];
    expect(violations).toEqual([]);
  });
});
