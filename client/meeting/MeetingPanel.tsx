import type { Editor } from '@tiptap/core';
import { BlockNode, ContentNode } from '../../shared/blocks/names';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEditorState } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { DocumentKind } from '../../shared/document-kinds';
import { type Meeting, type MeetingStep, meetingProtocol, meetingSteps } from '../../shared/meeting';
import { type CasePupil, noteCategoryLabels } from '../../shared/observation';
import type { DocumentCan } from '../../shared/schemas/documents';
import type { Member } from '../../shared/schemas/members';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { meetingQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';
import { formatClock, useNoteTime } from '../observation/use-notes';
import { useLessonTimeline } from '../observation/use-lesson-timeline';
import { redactPupilNames } from '../../shared/pupil-references';

interface Props {
  documentId: string;
  /** A reflection runs the post-lesson protocol; a team meeting its agenda steps. */
  kind: DocumentKind;
  editor: Editor | null;
  can: DocumentCan;
  me: { id: string; role: string };
  members: Member[];
}

/** A guided meeting: the post-lesson discussion's protocol or a team meeting's agenda, steps with a shared timer. */
export function MeetingPanel({ documentId, kind, editor, can, me, members }: Props) {
  const steps = meetingProtocol(kind);
  const team = kind === 'team_meeting';
  const { t, pick } = useI18n();
  const client = useQueryClient();
  const query = useQuery(meetingQuery(documentId));
  const meeting = query.data ?? null;
  const [now, setNow] = useState(Date.now());
  // The server's clock, as of its last answer, so every screen shows the same timer.
  const [skew, setSkew] = useState(0);
  useEffect(() => {
    if (meeting) setSkew(Date.parse(meeting.serverNow) - Date.now());
  }, [meeting]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const show = (next: { meeting: Meeting }) => client.setQueryData(meetingQuery(documentId).queryKey, next.meeting);
  const start = useApiMutation(() => call(api.documents[':documentId'].meeting.$post({ param: { documentId } })), { onSuccess: show });
  const change = useApiMutation(
    (json: { step?: MeetingStep; facilitatorId?: string; ended?: true }) => call(api.documents[':documentId'].meeting.$patch({ param: { documentId }, json })),
    { onSuccess: show },
  );

  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (!meeting || meeting.endedAt) {
    return (
      <section className="meeting idle" aria-label={t(team ? 'meeting.startTeam' : 'meeting.start')}>
        <ErrorMessage error={query.error} />
        {meeting?.endedAt && <p className="muted">{t('meeting.ended')}</p>}
        {can.runMeeting && (
          <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {t(team ? 'meeting.startTeam' : 'meeting.start')}
          </button>
        )}
        <ErrorMessage error={start.error} />
      </section>
    );
  }
  const index = steps.indexOf(meeting.step);
  const step = meetingSteps[meeting.step];
  const elapsed = now + skew - Date.parse(meeting.stepStartedAt);
  const left = step.minutes * 60_000 - elapsed;
  const leads = meeting.facilitatorId === me.id || can.steerAnyMeeting;
  const stepText = t('meeting.step', { n: index + 1, total: steps.length, label: pick(step.label) });
  return (
    <section className="meeting" aria-labelledby="meeting-heading" data-step={meeting.step}>
      <h2 id="meeting-heading">{t(team ? 'meeting.joinTeam' : 'meeting.join')}</h2>
      <ol className="phase-stepper meeting-steps">
        {steps.map((s, i) => (
          <li key={s} className={i === index ? 'current' : i < index ? 'done' : ''} aria-current={i === index ? 'step' : undefined}>
            {pick(meetingSteps[s].label)}
          </li>
        ))}
      </ol>
      {/* Screen readers hear each new step (the ticking timer is left out of the live region). */}
      <p role="status" className="visually-hidden" data-testid="meeting-announce">
        {stepText}
      </p>
      <p className="meeting-now">
        <strong data-testid="meeting-step">{stepText}</strong>{' '}
        <span className={left < 0 ? 'timer over' : 'timer'} data-testid="meeting-timer" role="timer">
          {left >= 0 ? t('meeting.timeLeft', { time: formatClock(left) }) : t('meeting.overtime', { time: formatClock(-left) })}
        </span>
      </p>
      <p>{pick(step.guide)}</p>
      <p className="muted small">{t('meeting.facilitator', { name: meeting.facilitatorName })}</p>
      {leads && (
        <div className="row">
          <button type="button" onClick={() => change.mutate({ step: steps[index - 1]! })} disabled={index === 0 || change.isPending}>
            {t('meeting.previous')}
          </button>
          {index < steps.length - 1 ? (
            <button type="button" className="primary" onClick={() => change.mutate({ step: steps[index + 1]! })} disabled={change.isPending}>
              {t('meeting.next')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => change.mutate({ ended: true })} disabled={change.isPending}>
              {t('meeting.end')}
            </button>
          )}
          <label className="inline">
            <span className="visually-hidden">{t('meeting.handOver')}</span>
            <select aria-label={t('meeting.handOver')} value="" onChange={(e) => e.target.value && change.mutate({ facilitatorId: e.target.value })}>
              <option value="">{t('meeting.handOver')} …</option>
              {members
                .filter((m) => m.userId !== meeting.facilitatorId)
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
            </select>
          </label>
        </div>
      )}
      <ErrorMessage error={change.error} />
      {editor && !team && <EvidenceNudge editor={editor} />}
    </section>
  );
}

/** "No data, just talk": findings (of the findings block) with no evidence card. */
function EvidenceNudge({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const bare = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const out: string[] = [];
      e.state.doc.descendants((node) => {
        if (node.type.name !== BlockNode.finding) return true;
        let evidence = false;
        node.forEach((child) => {
          if (child.type.name === ContentNode.evidenceCard) evidence = true;
        });
        if (node.textContent.trim() && !evidence) out.push(node.textContent.trim());
        return false;
      });
      return out;
    },
    equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  if (!bare || bare.length === 0) return null;
  return (
    <div className="nudge" role="status" data-testid="evidence-nudge">
      <strong>{t('meeting.nudge', { count: bare.length })}</strong>
      <ul className="plain small">
        {bare.map((text) => (
          <li key={text}>{t('meeting.nudgeItem', { text: text.length > 60 ? `${text.slice(0, 60)}…` : text })}</li>
        ))}
      </ul>
    </div>
  );
}

/** The lesson's notes, to pull into the discussion as evidence cards. */
export function EvidencePicker({ documentId, editor }: { documentId: string; editor: Editor | null }) {
  const { t, pick } = useI18n();
  const noteTime = useNoteTime();
  const { outline, notes } = useLessonTimeline(documentId);
  const [pupil, setPupil] = useState<CasePupil | ''>('');
  const shown = notes.filter((n) => !pupil || n.pupil === pupil);
  const use = (n: (typeof notes)[number]) => {
    editor
      ?.chain()
      .focus()
      .insertContent({
        type: 'evidenceCard',
        attrs: {
          sourceDocumentId: n.documentId,
          noteId: n.id,
          planId: outline?.planId ?? null,
          step: n.step,
          pupil: n.pupil,
          time: noteTime(n),
          observer: n.observerName,
          // A card carries the pupil's case code only: anything that looks like a name stays in the notes.
          text: redactPupilNames(n.text),
        },
      })
      .run();
  };
  return (
    <section className="evidence" aria-labelledby="evidence-heading">
      <h3 id="evidence-heading">{t('meeting.evidence')}</h3>
      <p className="hint">{t('meeting.evidenceHelp')}</p>
      {outline && (
        <p>
          <Link to="/documents/$documentId" params={{ documentId: outline.planId }}>
            {t('meeting.openPlan')}
          </Link>
        </p>
      )}
      <label>
        {t('meeting.filterPupil')}
        <select value={pupil} onChange={(e) => setPupil(e.target.value as CasePupil | '')}>
          <option value="">{t('timeline.all')}</option>
          {(outline?.casePupils ?? []).map((p) => (
            <option key={p.code} value={p.code}>
              {p.code}
              {p.prediction ? ` – ${p.prediction}` : ''}
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 ? (
        <p className="muted">{t('meeting.noEvidence')}</p>
      ) : (
        <ul className="plain evidence-list">
          {shown.map((n) => (
            <li key={`${n.documentId}:${n.id}`}>
              <span className="muted small">
                {noteTime(n)} · {n.observerName}
                {n.pupil ? ` · ${n.pupil}` : ''} · {pick(noteCategoryLabels[n.category])}
              </span>
              <div>{n.text}</div>
              <button type="button" className="link" onClick={() => use(n)} disabled={!editor}>
                {t('meeting.useEvidence')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
