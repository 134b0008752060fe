import { useState } from 'react';
import { type CasePupil, type NoteCategory, NoteCategories, noteCategoryLabels, type TimelineNote } from '../../shared/observation';
import { Link } from '../app/router';
import { useI18n } from '../i18n';
import { useLessonTimeline } from './use-lesson-timeline';

export const noteTime = (n: TimelineNote) => new Date(n.at).toLocaleTimeString('nb-NO', { hour: '2-digit', minute: '2-digit' });

/** Everyone's notes for the lesson in one live timeline, filterable; predicted vs observed per pupil. */
export function TimelinePage({ planId }: { planId: string }) {
  const { t, pick } = useI18n();
  const { outline, observers, notes, failed } = useLessonTimeline(planId);
  const [observer, setObserver] = useState('');
  const [pupil, setPupil] = useState<CasePupil | ''>('');
  const [step, setStep] = useState('');
  const [category, setCategory] = useState<NoteCategory | ''>('');
  const shown = notes.filter(
    (n) =>
      (!observer || n.documentId === observer) &&
      (!pupil || n.pupil === pupil) &&
      (step === '' || n.step === Number(step)) &&
      (!category || n.category === category),
  );
  const pupils = outline?.casePupils ?? [];
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href={`/documents/${planId}`}>{outline?.title ?? t('common.back')}</Link> ·{' '}
        <Link href={`/documents/${planId}/observe`}>{t('observe.open')}</Link>
      </nav>
      <h1>{t('timeline.heading', { title: outline?.title ?? '' })}</h1>
      {failed && <p role="alert">{t('observe.noPlan')}</p>}
      <p className="muted">{t('timeline.count', { count: notes.length, observers: observers.length })}</p>
      <div className="inline-form">
        <label>
          {t('timeline.observer')}
          <select value={observer} onChange={(e) => setObserver(e.target.value)}>
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
          <select value={pupil} onChange={(e) => setPupil(e.target.value as CasePupil | '')}>
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
          <select value={step} onChange={(e) => setStep(e.target.value)}>
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
          <select value={category} onChange={(e) => setCategory(e.target.value as NoteCategory | '')}>
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
                {n.minute !== null ? ` · ${t('observe.minute', { minute: n.minute })}` : ''} · {n.observerName}
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
