import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type DocumentKind, DocumentKinds, documentKindLabels } from '../../shared/document-kinds';
import { FocusAreas, focusAreaLabels, Outcomes, outcomeLabels } from '../../shared/focus-areas';
import { Limits } from '../../shared/limits';
import { libraryQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { Form } from '../components/Form';
import { TagList } from '../components/Tags';
import { useI18n } from '../i18n';
import { SubjectGradeFields } from '../library/SubjectGradeFields';

const route = getRouteApi('/library');

/** What the reader's school and its networks have published: searched in full text, filtered. */
export function LibraryPage() {
  const { t, pick, formatDateTime } = useI18n();
  const search = route.useSearch();
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [subject, setSubject] = useState(search.subject ?? '');
  const [grade, setGrade] = useState(search.grade ?? '');
  const items = useQuery(libraryQuery(search));
  const set = (patch: Partial<typeof search>) => void navigate({ to: '/library', search: { ...search, ...patch } });
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
      </nav>
      <PageTitle>{t('library.heading')}</PageTitle>
      <p className="hint">{t('library.help')}</p>
      <Form onSubmit={() => set({ q: q || undefined, subject: subject || undefined, grade: grade || undefined })} className="filters" aria-label={t('library.search')}>
        <label>
          {t('library.search')}
          <input type="search" name="q" value={q} maxLength={Limits.search.max} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('library.focusArea')}
          <select value={search.focusArea ?? ''} onChange={(e) => set({ focusArea: e.target.value || undefined })}>
            <option value="">{t('library.any')}</option>
            {FocusAreas.map((area) => (
              <option key={area} value={area}>
                {pick(focusAreaLabels[area])}
              </option>
            ))}
            {Outcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {pick(outcomeLabels[outcome])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('library.kind')}
          <select value={search.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as DocumentKind | undefined })}>
            <option value="">{t('library.any')}</option>
            {DocumentKinds.filter((k) => k !== 'observation').map((kind) => (
              <option key={kind} value={kind}>
                {pick(documentKindLabels[kind])}
              </option>
            ))}
          </select>
        </label>
        <SubjectGradeFields subject={subject} grade={grade} onSubject={setSubject} onGrade={setGrade} />
        <button type="submit" className="primary">
          {t('library.find')}
        </button>
      </Form>
      {items.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorMessage error={items.error} />
      {items.data && (
        <>
          <p role="status" className="muted">
            {t('library.count', { count: items.data.length })}
          </p>
          {items.data.length === 0 ? (
            <p className="empty">{t('library.empty')}</p>
          ) : (
            <ul className="cards library-list">
              {items.data.map((item) => (
                <li key={item.id} data-testid="library-item">
                  <Link to="/library/$publishedId" params={{ publishedId: item.id }} className="card">
                    <strong>{item.title}</strong>
                    <span className="muted">
                      {pick(documentKindLabels[item.kind])} · {item.team.name}, {item.school.name} · {formatDateTime(item.publishedAt)}
                    </span>
                    {item.researchQuestion && <span>{item.researchQuestion}</span>}
                    {item.snippet && <span className="snippet">…{item.snippet}…</span>}
                    <span className="muted small">
                      {[item.subject, item.grade].filter(Boolean).join(' · ')}
                      {item.reuseCount > 0 && ` ${t('library.reused', { count: item.reuseCount })}`}
                    </span>
                  </Link>
                  <TagList tags={item.tags} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  );
}
