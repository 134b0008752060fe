import type { Localized } from '../locale';

export const ActivityVerbs = [
  'document.created',
  'document.edited',
  'comment.created',
  'comment.replied',
  'thread.resolved',
  'thread.reopened',
  'version.created',
  'version.restored',
  'cycle.created',
  'cycle.phase',
  'cycle.advanced',
  'member.joined',
  'document.shared',
  'task.done',
  'task.reopened',
  'document.published',
  'document.withdrawn',
  'cycle.forked',
] as const;
export type ActivityVerb = (typeof ActivityVerbs)[number];

export interface Activity {
  id: string;
  verb: ActivityVerb;
  actorId: string | null;
  actorName: string | null;
  documentId: string | null;
  cycleId: string | null;
  threadId: string | null;
  summary: Record<string, string | number>;
  createdAt: string;
}

export const activityVerbLabels: Record<ActivityVerb, Localized> = {
  'document.created': { nb: 'opprettet', nn: 'oppretta', en: 'created' },
  'document.edited': { nb: 'endret', nn: 'endra', en: 'edited' },
  'comment.created': { nb: 'kommenterte', nn: 'kommenterte', en: 'commented on' },
  'comment.replied': { nb: 'svarte i', nn: 'svarte i', en: 'replied in' },
  'thread.resolved': { nb: 'markerte som løst i', nn: 'merkte som løyst i', en: 'resolved a thread in' },
  'thread.reopened': { nb: 'gjenåpnet en tråd i', nn: 'opna ein tråd igjen i', en: 'reopened a thread in' },
  'version.created': { nb: 'lagret versjonen', nn: 'lagra versjonen', en: 'saved the version' },
  'version.restored': { nb: 'gjenopprettet versjonen', nn: 'gjenoppretta versjonen', en: 'restored the version' },
  'cycle.created': { nb: 'startet syklusen', nn: 'starta syklusen', en: 'started the cycle' },
  'cycle.phase': { nb: 'flyttet syklusen til', nn: 'flytta syklusen til', en: 'moved the cycle to' },
  'cycle.advanced': { nb: 'startet ny runde i', nn: 'starta ny runde i', en: 'started a new round in' },
  'member.joined': { nb: 'ble med i teamet', nn: 'vart med i teamet', en: 'joined the team' },
  'document.shared': { nb: 'delte med teamet', nn: 'delte med teamet', en: 'shared with the team' },
  'task.done': { nb: 'markerte en oppgave som gjort i', nn: 'merkte ei oppgåve som gjort i', en: 'marked an action item done in' },
  'task.reopened': { nb: 'markerte en oppgave som ikke gjort i', nn: 'merkte ei oppgåve som ikkje gjort i', en: 'marked an action item not done in' },
  'document.published': { nb: 'publiserte', nn: 'publiserte', en: 'published' },
  'document.withdrawn': { nb: 'trakk tilbake', nn: 'trekte tilbake', en: 'withdrew' },
  'cycle.forked': { nb: 'startet en syklus fra biblioteket:', nn: 'starta ein syklus frå biblioteket:', en: 'started a cycle from the library:' },
};
