import { useEffect, useRef } from 'react';
import type { ErrorCode } from '../../shared/errors';
import { toApiError } from '../api/client';
import { type MessageKey, useI18n } from '../i18n';

/** Each error code the server (or the network) can answer with, and the words for it. */
export const errorMessageKeys: Record<ErrorCode | 'network', MessageKey> = {
  bad_request: 'error.bad_request',
  malformed_json: 'error.malformed_json',
  validation_failed: 'error.validation_failed',
  payload_too_large: 'error.payload_too_large',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  rate_limited: 'error.rate_limited',
  meeting_running: 'error.meeting_running',
  mention_not_allowed: 'error.mention_not_allowed',
  document_limit: 'error.document_limit',
  link_invalid: 'error.link_invalid',
  wrong_password: 'error.wrong_password',
  internal: 'error.internal',
  unavailable: 'error.unavailable',
  network: 'error.network',
  invalid_credentials: 'error.invalid_credentials',
  last_leader: 'error.last_leader',
  cycle_without_plan: 'error.cycle_without_plan',
  confirmation_required: 'error.confirmation_required',
  task_changed: 'error.task_changed',
  no_earlier_round: 'error.no_earlier_round',
};

export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => t(errorMessageKeys[toApiError(error).code]);
}

/**
 * What went wrong with something the person just did, in their language. It takes the focus when
 * it appears, so a screen reader (and the eye) lands on it.
 */
export function ErrorMessage({ error }: { error: unknown }) {
  const text = useErrorText();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <p role="alert" className="error" tabIndex={-1} ref={ref}>
      {text(error)}
    </p>
  );
}
