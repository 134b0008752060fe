/**
 * "My tasks" and team meetings in Chromium: action items from two teams on one list, overdue
 * first; ticking one in the list ticks it in the live document an editor has open; the team
 * meeting runs its own agenda steps and keeps a link to the video meeting.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDocument, teamLeader } from '../helpers/api';
import { seriousViolations } from '../helpers/axe';
import { browserSuite, personContext } from '../helpers/browser';
import { connectSynced } from '../helpers/clients';
import { eventually, shown } from '../helpers/page-wait';
import { appendTaskList, day, taskItem } from '../helpers/tasks';
import { waitFor } from '../helpers/wait';

// Edits are indexed (action items included) when the server reports a document's changes: soon, here.
const suite = browserSuite({ CHANGE_REPORT_MS: '20' });
const violations: string[] = [];
const checkA11y = async (page: Page, label: string) => violations.push(...(await seriousViolations(page, label)));

describe('my tasks and team meetings (Chromium)', () => {
  it('ticks an action item from the list into the live document, and runs a team meeting with its video link', async () => {
    const url = suite.server.url;
    const { session: lise, teamId } = await teamLeader(url, 'Lise Leder', '5. trinn');
    const otherTeam = (await lise.post('/api/teams', { name: 'Realfag', school: 'Nordby skole' })).json.id as string;
    const meetingId = await createDocument(lise, teamId, 'team_meeting', 'Teammøte uke 12');
    const reflectionId = await createDocument(lise, otherTeam, 'reflection', 'Refleksjon runde 1');
    const editor = await connectSynced(suite.server.wsUrl, meetingId, lise.cookie);
    appendTaskList(editor.fragment, [taskItem('Bestille rom til foreldremøtet', 'Lise Leder', day(5))]);
    const other = await connectSynced(suite.server.wsUrl, reflectionId, lise.cookie);
    appendTaskList(other.fragment, [taskItem('Sende plan til rektor', 'Lise Leder', day(-2))]);
    other.destroy();
    await waitFor(async () => ((await lise.get('/api/me/tasks')).json.tasks as unknown[]).length === 2, 10_000, 'both items indexed');

    const page = await (await personContext(suite.browser, lise)).newPage();
    await page.goto(url);
    await page.getByRole('link', { name: 'Mine oppgaver' }).click();
    await page.getByRole('heading', { name: 'Mine oppgaver', level: 1 }).waitFor();
    const tasks = await eventually(page, 'both tasks', () => page.getByTestId('task').allTextContents(), (t) => t.length === 2);
    // Overdue first, across teams.
    expect(tasks[0]).toContain('Sende plan til rektor');
    expect(tasks[0]).toContain('Fristen var');
    expect(tasks[1]).toContain('Bestille rom til foreldremøtet');
    await checkA11y(page, 'my tasks');

    await page.getByRole('checkbox', { name: 'Bestille rom til foreldremøtet' }).check();
    // The editor who has the meeting open sees it ticked, and the list moves it to "Gjort".
    await waitFor(() => editor.fragment.toString().includes('checked="true"'), 10_000, 'ticked in the live document');
    await shown(page, 'done section', 'section', 'Gjort');
    editor.destroy();

    // The team meeting: its agenda steps and the video-meeting link.
    await page.goto(`${url}/documents/${meetingId}`);
    await page.getByRole('button', { name: 'Legg inn eller endre lenken' }).click();
    await page.getByRole('textbox', { name: 'Lenke til videomøtet' }).fill('http://meet.example/abc');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await shown(page, 'https only', '.meeting-link [role="alert"]', /.+/, { errorsExpected: true });
    await page.getByRole('textbox', { name: 'Lenke til videomøtet' }).fill('https://meet.example/abc');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await eventually(page, 'the link', () => page.getByRole('link', { name: 'Bli med i videomøtet' }).getAttribute('href'), 'https://meet.example/abc');
    await page.getByRole('button', { name: 'Start teammøtet' }).click();
    await shown(page, 'first agenda step', '[data-testid="meeting-step"]', 'Hensikt og agenda');
    await checkA11y(page, 'team meeting');
    expect(violations).toEqual([]);
  });
});
