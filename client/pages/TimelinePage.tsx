import { getRouteApi, Link } from '@tanstack/react-router';
import { useSuspenseQuery } from '@tanstack/react-query';
import { lessonMinute, type NoteCategory, NoteCategories, noteCategoryLabels, type TimelineNote } from '../../shared/observation';
import { documentQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageLoading, PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { useLessonTimeline } from '../observation/use-lesson-timeline';
import { useNoteTime } from '../observation/use-notes';

const route = getRouteApi('/documents/$documentId/timeline');

/** Everyone's notes for the lesson in one live timeline, filterable (in the URL); predicted vs observed per pupil. */
export function TimelinePage() {
  const { documentId } = route.useParams();
  const { t } = useI18n();
  const doc = useSuspenseQuery(documentQuery(documentId)).data;
  if (doc.can.seeNotes) return <Timeline planId={documentId} />;
  // Guests and viewers: the raw notes are about pupils and stay with the team's teachers.
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/documents/$documentId" params={{ documentId }}>
          {doc.title}
        </Link>
      </nav>
      <PageTitle>{t('timeline.heading', { title: doc.title })}</PageTitle>
      <p role="note" className="notice">
        {t('observe.notesForTeachers')}
      </p>
    </main>
  );
}

function Timeline({ planId }: { planId: string }) {
  const filter = route.useSearch();
  const navigate = route.useNavigate();
  const { t, pick } = useI18n();
  const noteTime = useNoteTime();
  const { outline, observers, notes, pending, error } = useLessonTimeline(planId);
  const setFilter = (next: Partial<typeof filter>) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });
  const { observer, pupil, step, category } = filter;
  const shown = notes.filter(
    (n) =>
      (!observer || n.documentId === observer) &&
      (!pupil || n.pupil === pupil) &&
      (step === undefined || n.step === step) &&
      (!category || n.category === category),
  );
  if (pending && !error) return <PageLoading />;
  const pupils = outline?.casePupils ?? [];
  const minuteOf = (n: TimelineNote) => lessonMinute(n, outline?.clockStartedAt ?? null);
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/documents/$documentId" params={{ documentId: planId }}>
          {outline?.title ?? t('common.back')}
        </Link>{' '}
        ·{' '}
        <Link to="/documents/$documentId/observe" params={{ documentId: planId }}>
          {t('observe.open')}
        </Link>
      </nav>
      <PageTitle>{t('timeline.heading', { title: outline?.title ?? '' })}</PageTitle>
      <ErrorMessage error={error} />
      <p className="muted">{t('timeline.count', { notes: t('timeline.notes', { count: notes.length }), observers: t('timeline.observers', { count: observers.length }) })}</p>
      <div className="inline-form">
        <label>
          {t('timeline.observer')}
          <select value={observer ?? ''} onChange={(e) => setFilter({ observer: e.target.value || undefined })}>
            <option value="">{t('timeline.all')}</option>
            {observers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.observerName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('observe.pupil')}
          <select value={pupil ?? ''} onChange={(e) => setFilter({ pupil: e.target.value || undefined })}>
            <option value="">{t('timeline.all')}</option>
            {pupils.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('observe.step')}
          <select value={step ?? ''} onChange={(e) => setFilter({ step: e.target.value === '' ? undefined : Number(e.target.value) })}>
            <option value="">{t('timeline.all')}</option>
            {(outline?.steps ?? []).map((s, i) => (
              <option key={`${i}:${s.activity}`} value={i}>
                {s.activity || t('observe.stepN', { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('observe.category')}
          <select value={category ?? ''} onChange={(e) => setFilter({ category: (e.target.value || undefined) as NoteCategory | undefined })}>
            <option value="">{t('timeline.all')}</option>
            {NoteCategories.map((c) => (
              <option key={c} value={c}>
                {pick(noteCategoryLabels[c])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {shown.map((n) => (
            <li key={`${n.documentId}:${n.id}`} className="note" data-note-id={n.id}>
              <span className="note-meta">
                {noteTime(n)}
                {minuteOf(n) !== null ? ` · ${t('observe.minute', { minute: minuteOf(n)! })}` : ''} · {n.observerName}
                {n.pupil ? ` · ${n.pupil}` : ''}
                {n.step !== null && outline?.steps[n.step] ? ` · ${outline.steps[n.step]!.activity}` : ''} · {pick(noteCategoryLabels[n.category])}
              </span>
              <span className="note-text">{n.text}</span>
            </li>
          ))}
        </ol>
      )}
      {pupils.length > 0 && (
        <section aria-labelledby="po-heading">
          <h2 id="po-heading">{t('timeline.predictedObserved')}</h2>
          <div className="pupil-grid">
            {pupils.map((p) => {
              const about = notes.filter((n) => n.pupil === p.code);
              return (
                <div key={p.code} className="pupil-card">
                  <h3>{p.code}</h3>
                  <p>
                    <strong>{t('timeline.predicted')}:</strong> {p.prediction || '—'}
                  </p>
                  <p>
                    <strong>{t('timeline.observed')}:</strong>
                  </p>
                  {about.length === 0 ? (
                    <p className="muted small">{t('timeline.noNotes', { pupil: p.code })}</p>
                  ) : (
                    <ul className="plain small">
                      {about.map((n) => (
                        <li key={`${n.documentId}:${n.id}`}>
                          {noteTime(n)} ({n.observerName}): {n.text}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </div>
        </section>
      )}
    </main>
  );
}
