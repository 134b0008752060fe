/**
 * What Fellesrom keeps, and for how long (DESIGN §5). The server enforces these; the "Personvern"
 * page states them, so what a school reads there is what the code does.
 */
export const Retention = {
  /** Days a closed cycle's raw observation notes are kept, unless the team chooses otherwise. */
  defaultObservationDays: 30,
  /** The longest a team may keep raw observation notes after a cycle is closed. */
  maxObservationDays: 365,
  /** Leaders are warned this many days before observation notes are deleted. */
  warnDays: 7,
  /** Audit events are deleted after this many days (12 months). */
  auditDays: 365,
  /** How often the retention job runs (and once at start-up). */
  jobIntervalMs: 3_600_000,
} as const;

/** Shown in place of the name of someone who deleted their account. */
export const DELETED_USER_NAME = 'slettet bruker';

/** Who may see a document: its author alone (a private draft) or the team. */
export const Visibilities = ['private', 'team'] as const;
export type Visibility = (typeof Visibilities)[number];
