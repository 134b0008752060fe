import { type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { CasePupils, type CasePupil, type LessonOutline, lessonMinute, type NoteCategory, NoteCategories, noteCategoryLabels } from '../../shared/observation';
import { api, call, toApiError } from '../api/client';
import { keys, lessonQuery } from '../api/queries';
import { colorFor, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageLoading, PageTitle } from '../app/PageStates';
import { SyncStatus } from '../editor/SyncStatus';
import { type CollabSession, useCollabSession } from '../editor/use-collab-session';
import { useApiMutation } from '../api/mutation';
import { useI18n } from '../i18n';
import { looksLikeNames } from '../../shared/pupil-references';
import { addNote, formatClock, startClock, useNoteTime, useNotes } from '../observation/use-notes';
import { Form } from '../components/Form';

const route = getRouteApi('/documents/$documentId/observe');

/**
 * The lesson's one clock, shared by every observer: the server's once anyone started it. A start
 * on this device (offline, or before the server answered) is sent to become the lesson's clock;
 * if someone else's start got there first, theirs is the clock for everyone.
 */
function useLessonClock(planId: string, session: CollabSession | null, startedHere: number | null): number | null {
  const client = useQueryClient();
  const lesson = useQuery(lessonQuery(planId));
  const shared = lesson.data?.clockStartedAt ?? null;
  const start = useApiMutation((startedAt: number) => call(api.documents[':documentId'].lesson.clock.$post({ param: { documentId: planId }, json: { startedAt } })), {
    onSuccess: ({ clockStartedAt }) => client.setQueryData(lessonQuery(planId).queryKey, (old) => (old ? { ...old, clockStartedAt } : old)),
  });
  const { mutate, isPending, isError } = start;
  useEffect(() => {
    if (startedHere !== null && shared === null && lesson.isSuccess && !isPending && !isError) mutate(startedHere);
  }, [startedHere, shared, lesson.isSuccess, isPending, isError, mutate]);
  // Someone else started it: their start arrives as a notice on this document's socket.
  useEffect(() => {
    if (!session) return;
    const onLesson = () => void client.invalidateQueries({ queryKey: lessonQuery(planId).queryKey });
    session.events.addEventListener('lesson', onLesson);
    return () => session.events.removeEventListener('lesson', onLesson);
  }, [client, session, planId]);
  return shared ?? startedHere;
}

/** Fetched once online and remembered on the device, so a reload in a dead zone still works. */
function useRemembered<T>(storageKey: string, queryKey: QueryKey, queryFn: () => Promise<T>) {
  return useQuery({
    queryKey,
    queryFn: async () => {
      const value = await queryFn();
      localStorage.setItem(storageKey, JSON.stringify(value));
      return value;
    },
    initialData: () => {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as T) : undefined;
    },
    initialDataUpdatedAt: 0,
  });
}

export function ObservePage() {
  const { documentId: planId } = route.useParams();
  const { t, locale } = useI18n();
  const outline = useRemembered<LessonOutline>(`fellesrom.lesson:${planId}`, lessonQuery(planId).queryKey, lessonQuery(planId).queryFn as () => Promise<LessonOutline>);
  // The observer's own observation document for this lesson: made on the first visit, the same one after.
  const observation = useRemembered<{ id: string }>(`fellesrom.observation:${planId}`, [...keys.document(planId), 'my-observation'], () =>
    call(api.documents[':documentId'].observations.$post({ param: { documentId: planId }, json: { locale } })),
  );
  if (outline.data && observation.data) return <Observe planId={planId} outline={outline.data} documentId={observation.data.id} />;
  const error = outline.error ?? observation.error;
  if (!error) return <PageLoading />;
  const offline = toApiError(error).code === 'network';
  return (
    <main id="main" className="page observe">
      <PageTitle>{t('observe.open')}</PageTitle>
      {offline ? <p role="alert">{t('observe.offlineStart')}</p> : <ErrorMessage error={error} />}
    </main>
  );
}

function Observe({ planId, outline, documentId }: { planId: string; outline: LessonOutline; documentId: string }) {
  const { t, pick } = useI18n();
  const noteTime = useNoteTime();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const live = useCollabSession(documentId, identity, true);
  const { notes, clockStartedAt: startedHere } = useNotes(live.session?.ydoc ?? null);
  const clockStartedAt = useLessonClock(planId, live.session, startedHere);
  const [now, setNow] = useState(Date.now());
  const [step, setStep] = useState(0);
  const [pupil, setPupil] = useState<CasePupil | null>(null);
  const [category, setCategory] = useState<NoteCategory>('pupil_talk');
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const current = outline.steps[step];
  const prediction = pupil ? outline.casePupils.find((p) => p.code === pupil)?.prediction : undefined;
  const save = () => {
    const value = text.trim();
    if (!value || !live.session) return;
    addNote(live.session.ydoc, {
      id: crypto.randomUUID(),
      at: Date.now(),
      minute: clockStartedAt === null ? null : lessonMinute({ at: Date.now(), minute: null }, clockStartedAt),
      step: outline.steps.length ? step : null,
      pupil,
      category,
      text: value,
      observerId: user.id,
    });
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      save();
    }
  };

  return (
    <main id="main" className="page observe">
      <div className="observe-top">
        <PageTitle>{t('observe.heading', { title: outline.title })}</PageTitle>
        <SyncStatus status={live.status} unsaved={live.unsaved} />
      </div>
      <p className={live.unsaved > 0 ? 'pending' : 'muted small'} data-testid="pending">
        {live.unsaved > 0 ? t('observe.pending', { count: live.unsaved }) : t('observe.allSaved')}
      </p>
      <div className="clock">
        {clockStartedAt !== null ? (
          <strong data-testid="clock">{t('observe.clock', { time: formatClock(now - clockStartedAt) })}</strong>
        ) : (
          <button type="button" className="primary big" onClick={() => live.session && startClock(live.session.ydoc)} disabled={!live.session}>
            {/* Kept on this device first (a classroom may be offline), then made the lesson's clock. */}
            {t('observe.startClock')}
          </button>
        )}
      </div>

      {outline.steps.length > 0 && (
        <fieldset className="chips">
          <legend>{t('observe.step')}</legend>
          {outline.steps.map((s, i) => (
            <label key={`${i}:${s.activity}`} className={i === step ? 'chip on' : 'chip'}>
              <input type="radio" name="step" checked={i === step} onChange={() => setStep(i)} />
              {s.activity || t('observe.stepN', { n: i + 1 })}
            </label>
          ))}
        </fieldset>
      )}
      {current && (current.observe || current.anticipated) && (
        <div className="step-card">
          {current.observe && (
            <p>
              <strong>{t('observe.focus')}:</strong> {current.observe}
            </p>
          )}
          {current.anticipated && (
            <p>
              <strong>{t('observe.anticipated')}:</strong> {current.anticipated}
            </p>
          )}
        </div>
      )}

      <Form onSubmit={save} className="note-form">
        <fieldset className="chips">
          <legend>{t('observe.pupil')}</legend>
          {[null, ...(outline.casePupils.length ? outline.casePupils.map((p) => p.code as CasePupil) : [...CasePupils])].map((code) => (
            <label key={code ?? 'none'} className={pupil === code ? 'chip on' : 'chip'}>
              <input type="radio" name="pupil" checked={pupil === code} onChange={() => setPupil(code)} />
              {code ?? t('observe.noPupil')}
            </label>
          ))}
        </fieldset>
        {pupil && prediction && <p className="muted small">{t('observe.prediction', { pupil, text: prediction })}</p>}
        <fieldset className="chips">
          <legend>{t('observe.category')}</legend>
          {NoteCategories.map((c) => (
            <label key={c} className={category === c ? 'chip on' : 'chip'}>
              <input type="radio" name="category" checked={category === c} onChange={() => setCategory(c)} />
              {pick(noteCategoryLabels[c])}
            </label>
          ))}
        </fieldset>
        <label>
          <span className="visually-hidden">{t('observe.note')}</span>
          <textarea
            value={text}
            rows={3}
            maxLength={2000}
            placeholder={t('observe.notePlaceholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
            aria-describedby={looksLikeNames(text) ? 'name-warning' : undefined}
          />
        </label>
        {looksLikeNames(text) && (
          <p id="name-warning" className="warning" role="alert">
            {t('observe.nameWarning')}
          </p>
        )}
        <button type="submit" className="primary big" disabled={!text.trim() || !live.session}>
          {t('observe.save')}
        </button>
      </Form>

      <section aria-labelledby="my-notes">
        <div className="row">
          <h2 id="my-notes">{t('observe.myNotes', { count: notes.length })}</h2>
          <Link to="/documents/$documentId/timeline" params={{ documentId: planId }}>
            {t('observe.timeline')}
          </Link>
        </div>
        {notes.length === 0 ? (
          <p className="muted">{t('observe.none')}</p>
        ) : (
          <ol className="notes">
            {notes.toReversed().map((n) => (
              <li key={n.id} className="note">
                <span className="note-meta">
                  {noteTime(n)}
                  {lessonMinute(n, clockStartedAt) !== null ? ` · ${t('observe.minute', { minute: lessonMinute(n, clockStartedAt)! })}` : ''}
                  {n.pupil ? ` · ${n.pupil}` : ''} · {pick(noteCategoryLabels[n.category])}
                </span>
                <span>{n.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
