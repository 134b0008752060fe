/** The one error vocabulary. The server answers non-2xx with `ErrorBody`; the client maps `code`. */
export const ErrorCodes = [
  'bad_request',
  'malformed_json',
  'validation_failed',
  'payload_too_large',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** A comment mentions someone who cannot see the document it is on. */
  'mention_not_allowed',
  /** A meeting is already running on the document, led by someone else. */
  'meeting_running',
  /** The change would take the document past its limits (or the document is already past them). */
  'document_limit',
  'rate_limited',
  /** A reset link that was used, expired or never existed. */
  'link_invalid',
  /** The current password given to change it is wrong. */
  'wrong_password',
  'internal',
  'unavailable',
  /** Login: no account with this e-mail address and password. */
  'invalid_credentials',
  /** The team's last leader may not leave or stop being leader. */
  'last_leader',
  /** A next round needs the current round's plan to start from. */
  'cycle_without_plan',
  /** An action item changed (or went) since the list that showed it was read. */
  'task_changed',
  /** Publishing needs the publisher to confirm that no pupil can be recognised. */
  'confirmation_required',
  /** Compare across rounds: the plan is not of a later round, or the earlier round has no plan. */
  'no_earlier_round',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (ErrorCodes as readonly string[]).includes((error as { code: string }).code)
  );
}
