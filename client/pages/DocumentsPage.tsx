import { keepPreviousData, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { type DocumentKind, DocumentKinds, documentKindLabels } from '../../shared/document-kinds';
import type { DocumentSort } from '../../shared/document-list';
import { documentsQuery, teamHomeQuery, teamQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { CycleSelect } from '../components/CycleSelect';
import { TagList } from '../components/Tags';
import { type MessageKey, useI18n } from '../i18n';

const route = getRouteApi('/teams/$teamId/documents');

const columns: Array<{ sort: DocumentSort; label: MessageKey }> = [
  { sort: 'title', label: 'documents.colTitle' },
  { sort: 'kind', label: 'documents.colKind' },
  { sort: 'updated', label: 'documents.colUpdated' },
  { sort: 'created', label: 'documents.colCreated' },
];
const newestFirst = (sort: DocumentSort) => sort === 'updated' || sort === 'created';

/** Every document of the team: filtered and sorted as the URL says, so a view can be shared. */
export function DocumentsPage() {
  const { teamId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { t, pick, formatDateTime } = useI18n();
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  const cycles = useQuery(teamHomeQuery(teamId)).data?.cycles ?? [];
  const { deleted, ...filter } = search;
  const sort = filter.sort ?? 'updated';
  const order = filter.order ?? (newestFirst(sort) ? 'desc' : 'asc');
  // The list stays on screen (marked busy) while a new filter's answer comes.
  const list = useQuery({ ...documentsQuery(teamId, filter), placeholderData: keepPreviousData });
  const [words, setWords] = useState(filter.q ?? '');
  const set = (next: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, deleted: undefined, ...next }), replace: true });
  // Typing filters after a short pause, not on every key.
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(typing.current), []);
  const type = (value: string) => {
    setWords(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => set({ q: value.trim() || undefined }), 300);
  };
  const sortBy = (column: DocumentSort) =>
    set(column === sort ? { order: order === 'asc' ? 'desc' : 'asc' } : { sort: column === 'updated' ? undefined : column, order: undefined });
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link> /{' '}
        <Link to="/teams/$teamId" params={{ teamId }}>
          {team.name}
        </Link>
      </nav>
      <PageTitle>{t('documents.heading', { team: team.name })}</PageTitle>
      {deleted && (
        <p role="status" className="notice">
          {t('document.deleted')} («{deleted}»)
        </p>
      )}
      <search className="inline-form documents-filter">
        <label>
          {t('documents.filterWords')}
          <input type="search" value={words} maxLength={100} onChange={(e) => type(e.target.value)} />
        </label>
        <label>
          {t('documents.filterKind')}
          <select value={filter.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as DocumentKind | undefined })}>
            <option value="">{t('documents.anyKind')}</option>
            {DocumentKinds.map((k) => (
              <option key={k} value={k}>
                {pick(documentKindLabels[k])}
              </option>
            ))}
          </select>
        </label>
        {cycles.length > 0 && (
          <CycleSelect
            label={t('documents.filterCycle')}
            noneLabel={t('documents.anyCycle')}
            cycles={cycles}
            value={filter.cycleId ?? ''}
            onChange={(cycleId) => set({ cycleId: cycleId || undefined })}
          />
        )}
        <label>
          {t('documents.filterArchived')}
          <select value={filter.archived ?? 'exclude'} onChange={(e) => set({ archived: e.target.value === 'exclude' ? undefined : (e.target.value as 'only' | 'include') })}>
            <option value="exclude">{t('documents.archivedExclude')}</option>
            <option value="only">{t('documents.archivedOnly')}</option>
            <option value="include">{t('documents.archivedInclude')}</option>
          </select>
        </label>
      </search>
      {filter.tag && (
        <p>
          {t('documents.filterTag')}: <TagList tags={[filter.tag]} />{' '}
          <button type="button" className="link" onClick={() => set({ tag: undefined })}>
            {t('common.cancel')}
          </button>
        </p>
      )}
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.data && list.data.length === 0 ? (
        <p className="empty">{t('documents.none')}</p>
      ) : (
        list.data && (
          <>
            <p className="muted" role="status">
              {t('documents.count', { count: list.data.length })}
            </p>
            <div className="table-scroll">
              <table className="documents" aria-busy={list.isPlaceholderData}>
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th key={c.sort} scope="col" aria-sort={sort === c.sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                        <button type="button" className="link" onClick={() => sortBy(c.sort)} aria-label={t('documents.sortBy', { column: t(c.label) })}>
                          {t(c.label)}
                          {sort === c.sort && <span aria-hidden="true">{order === 'asc' ? ' ▲' : ' ▼'}</span>}
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((doc) => (
                    <tr key={doc.id}>
                      <td>
                        <Link to="/documents/$documentId" params={{ documentId: doc.id }}>
                          {doc.title}
                        </Link>
                        {doc.archived && <span className="badge">{t('documents.archivedBadge')}</span>}
                        <TagList tags={doc.tags} />
                      </td>
                      <td>
                        {pick(documentKindLabels[doc.kind])}
                        {doc.round ? ` · ${t('document.round', { round: doc.round })}` : ''}
                      </td>
                      <td>
                        {doc.lastEditedByName
                          ? t('documents.updatedBy', { date: formatDateTime(doc.updatedAt), name: doc.lastEditedByName })
                          : formatDateTime(doc.updatedAt)}
                      </td>
                      <td>{formatDateTime(doc.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      )}
    </main>
  );
}
