import type { Message } from './message';

/**
 * Words for school leaders and learning beyond the team – the school overview, publishing, the
 * library, networks, team meetings and "my tasks" – in each language (spread into the catalogs).
 */
export const leadersNb = {
  'error.confirmation_required': 'Bekreft at ingen elev kan kjennes igjen før du publiserer.',
  'error.task_changed': 'Oppgaven er endret i dokumentet. Listen er lest på nytt.',
  'meeting.startTeam': 'Start teammøtet',
  'meeting.joinTeam': 'Teammøtet er i gang',
} as const satisfies Record<string, Message>;

export type LeadersKey = keyof typeof leadersNb;

export const leadersNn: Record<LeadersKey, Message> = {
  'error.confirmation_required': 'Stadfest at ingen elev kan kjennast att før du publiserer.',
  'error.task_changed': 'Oppgåva er endra i dokumentet. Lista er lesen på nytt.',
  'meeting.startTeam': 'Start teammøtet',
  'meeting.joinTeam': 'Teammøtet er i gang',
};

export const leadersEn: Record<LeadersKey, Message> = {
  'error.confirmation_required': 'Confirm that no pupil can be recognised before you publish.',
  'error.task_changed': 'This action item has changed in the document. The list has been read again.',
  'meeting.startTeam': 'Start the team meeting',
  'meeting.joinTeam': 'The team meeting is running',
};
