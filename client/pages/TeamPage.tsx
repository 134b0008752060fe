import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { phaseLabels } from '../../shared/cycles';
import { type DocumentKind, DocumentKinds, documentKindDescriptions, documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import { roleLabels } from '../../shared/roles';
import type { TeamHome } from '../../shared/schemas/teams';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, searchQuery, teamHomeQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { GapList } from '../components/GapList';
import { CycleSelect } from '../components/CycleSelect';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { useI18n } from '../i18n';
import { RetentionWarning } from '../privacy/RetentionWarning';
import { Form } from '../components/Form';
import { OpenItems, SharedBeyond, TeamStories } from '../tasks/TeamWork';

const route = getRouteApi('/teams/$teamId');

export function TeamPage() {
  const { teamId } = route.useParams();
  const { t, pick } = useI18n();
  const data = useSuspenseQuery(teamHomeQuery(teamId)).data;
  const visited = useRef(false);
  useEffect(() => {
    // Seen now: the next visit shows what happened after this one.
    if (visited.current) return;
    visited.current = true;
    void call(api.teams[':teamId'].visit.$post({ param: { teamId } })).catch(() => undefined);
  }, [teamId]);
  const { team } = data;
  const canCreate = team.can.createDocuments;
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
      </nav>
      <header className="doc-header">
        <div>
          <PageTitle>{team.name}</PageTitle>
          <p className="muted">
            {team.school.name} · {pick(roleLabels[team.role])}
          </p>
        </div>
        <nav className="row" aria-label={team.name}>
          <Link to="/teams/$teamId/documents" params={{ teamId }} className="button">
            {t('nav.documents')}
          </Link>
          <Link to="/teams/$teamId/conversations" params={{ teamId }} className="button">
            {t('conversations.link')}
          </Link>
          <Link to="/teams/$teamId/activity" params={{ teamId }} className="button">
            {t('activity.link')}
          </Link>
          <Link to="/teams/$teamId/members" params={{ teamId }} className="button">
            {t('nav.members')}
          </Link>
          <Link to="/teams/$teamId/data" params={{ teamId }} className="button">
            {t('data.link')}
          </Link>
        </nav>
      </header>
      {team.can.manageRetention && <RetentionWarning teamId={teamId} />}
      <Search teamId={teamId} />
      <div className="home-grid">
        <div className="home-main">
          <SinceLastVisit home={data} />
          <section aria-labelledby="cycles-heading" className="panel">
            <h2 id="cycles-heading">{t('home.cycles')}</h2>
            {data.cycles.length === 0 && <p className="empty">{t('home.cyclesEmpty')}</p>}
            <ul className="cards">
              {data.cycles.map((cycle) => (
                <li key={cycle.id}>
                  <Link to="/cycles/$cycleId" params={{ cycleId: cycle.id }} className="card">
                    <strong>{cycle.title}</strong>
                    {cycle.researchQuestion && <span>{cycle.researchQuestion}</span>}
                    <span className="muted">
                      {t('cycle.roundOf', { round: cycle.round, total: cycle.plannedRounds })} ·{' '}
                      {t('cycle.currentPhase', { phase: pick(phaseLabels[cycle.phase]) })}
                    </span>
                  </Link>
                  <TagList tags={cycle.tags} />
                  <GapList gaps={cycle.gaps} />
                </li>
              ))}
            </ul>
            {canCreate && <NewCycle teamId={teamId} />}
          </section>
          <section aria-labelledby="recent-heading" className="panel">
            <h2 id="recent-heading">{t('home.recent')}</h2>
            {data.recentDocuments.length === 0 ? (
              <p className="empty">{t('team.documents.empty')}</p>
            ) : (
              <DocumentList documents={data.recentDocuments} status={data.documentStatus} />
            )}
            <p>
              <Link to="/teams/$teamId/documents" params={{ teamId }}>
                {t('documents.all')}
              </Link>
            </p>
            {canCreate && <NewDocument teamId={teamId} cycles={data.cycles} />}
          </section>
        </div>
        <aside className="home-side">
          <Focus home={data} />
          <OpenItems home={data} />
          <SharedBeyond home={data} />
          <TeamStories teamId={teamId} />
          <section aria-labelledby="online-heading" className="panel">
            <h2 id="online-heading">{t('home.online')}</h2>
            {data.online.length === 0 ? (
              <p className="muted">{t('home.onlineNobody')}</p>
            ) : (
              <ul className="plain">
                {data.online.map((o) => (
                  <li key={o.userId}>
                    <Link to="/documents/$documentId" params={{ documentId: o.documentId }}>
                      {t('home.onlineIn', { name: o.name, title: o.documentTitle })}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </main>
  );
}

function DocumentList({ documents, status }: { documents: TeamHome['recentDocuments']; status: TeamHome['documentStatus'] }) {
  const { t, pick, formatDateTime } = useI18n();
  return (
    <ul className="doc-list">
      {documents.map((doc) => (
        <li key={doc.id}>
          <Link to="/documents/$documentId" params={{ documentId: doc.id }}>
            {doc.title}
          </Link>
          {status[doc.id]?.changedSinceVisit && <span className="badge changed">{t('home.changedBadge')}</span>}
          {(status[doc.id]?.unreadThreads ?? 0) > 0 && (
            <span className="badge new" data-testid="unread-badge">
              {t('home.unreadThreads', { count: status[doc.id]!.unreadThreads })}
            </span>
          )}
          <span className="muted">
            {' '}
            · {pick(documentKindLabels[doc.kind])}
            {doc.round ? ` · ${t('document.round', { round: doc.round })}` : ''} · {t('documents.updated', { date: formatDateTime(doc.updatedAt) })}
          </span>
          <TagList tags={doc.tags} />
        </li>
      ))}
    </ul>
  );
}

function SinceLastVisit({ home }: { home: TeamHome }) {
  const { t, pick, formatDateTime } = useI18n();
  const changes = home.changes;
  if (!changes) {
    return <p className="notice">{t('home.firstVisit')}</p>;
  }
  // Nothing new is no news: no banner for it.
  if (changes.documents.length === 0 && changes.cycles.length === 0 && changes.newMembers.length === 0) return null;
  return (
    <section aria-labelledby="since-heading" className="panel since" data-testid="team-since">
      <h2 id="since-heading">{t('home.since', { date: formatDateTime(changes.since) })}</h2>
      {
        <ul className="plain">
          {changes.cycles.map((c) => (
            <li key={c.id}>
              <Link to="/cycles/$cycleId" params={{ cycleId: c.id }}>
                {t('home.newCycle', { title: c.title })}
              </Link>
            </li>
          ))}
          {changes.documents.map((d) => (
            <li key={d.id}>
              <Link to="/documents/$documentId" params={{ documentId: d.id }}>
                {t(d.isNew ? 'home.createdBy' : 'home.changedBy', { name: d.editorName ?? '?', title: d.title })}
              </Link>
            </li>
          ))}
          {changes.newMembers.map((m) => (
            <li key={m.userId}>{t('home.newMember', { name: m.name, role: pick(roleLabels[m.role]) })}</li>
          ))}
        </ul>
      }
    </section>
  );
}

function Focus({ home }: { home: TeamHome }) {
  const { t } = useI18n();
  const { team } = home;
  const [editing, setEditing] = useState(false);
  const [focus, setFocus] = useState(team.focus);
  const [tags, setTags] = useState(team.focusTags);
  const save = useApiMutation(() => call(api.teams[':teamId'].$patch({ param: { teamId: team.id }, json: { focus, focusTags: tags } })), {
    invalidate: [keys.team(team.id)],
    onSuccess: () => setEditing(false),
  });
  const submit = () => {
    save.mutate();
  };
  return (
    <section aria-labelledby="focus-heading" className="panel">
      <h2 id="focus-heading">{t('home.focus')}</h2>
      {editing ? (
        <Form onSubmit={submit} className="stack">
          <label>
            {t('home.focusLabel')}
            <textarea value={focus} maxLength={Limits.focus.max} rows={3} placeholder={t('home.focusPlaceholder')} onChange={(e) => setFocus(e.target.value)} />
          </label>
          <TagPicker value={tags} onChange={setTags} />
          <ErrorMessage error={save.error} />
          <FormActions busy={save.isPending} onCancel={() => setEditing(false)} />
        </Form>
      ) : (
        <>
          {team.focus ? <p>{team.focus}</p> : <p className="muted">{t('home.focusEmpty')}</p>}
          <TagList tags={team.focusTags} />
          {team.can.manage && (
            <button
              type="button"
              onClick={() => {
                setFocus(team.focus);
                setTags(team.focusTags);
                setEditing(true);
              }}
            >
              {t('home.editFocus')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function NewCycle({ teamId }: { teamId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [researchQuestion, setQuestion] = useState('');
  const [plannedRounds, setRounds] = useState(3);
  const [tags, setTags] = useState<string[]>([]);
  const create = useApiMutation(
    () => call(api.teams[':teamId'].cycles.$post({ param: { teamId }, json: { title, researchQuestion, plannedRounds, tags } })),
    {
      invalidate: [keys.team(teamId)],
      onSuccess: (cycle) => navigate({ to: '/cycles/$cycleId', params: { cycleId: cycle.id } }),
    },
  );
  const submit = () => {
    create.mutate();
  };
  return (
    <details className="create">
      <summary>{t('cycle.create.heading')}</summary>
      <Form onSubmit={submit} className="stack">
        <label>
          {t('cycle.title')}
          <input name="cycle-title" required maxLength={Limits.documentTitle.max} placeholder={t('cycle.titlePlaceholder')} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('cycle.question')}
          <textarea
            name="research-question"
            rows={2}
            maxLength={Limits.researchQuestion.max}
            placeholder={t('cycle.questionPlaceholder')}
            aria-describedby="question-help"
            value={researchQuestion}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <span id="question-help" className="hint">
            {t('cycle.questionHelp')}
          </span>
        </label>
        <label>
          {t('cycle.rounds')}
          <select value={plannedRounds} onChange={(e) => setRounds(Number(e.target.value))}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <TagPicker value={tags} onChange={setTags} />
        <ErrorMessage error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('common.create')}
        </button>
      </Form>
    </details>
  );
}

export function NewDocument({
  teamId,
  cycles,
  fixed,
}: {
  teamId: string;
  cycles: Array<{ id: string; title: string }>;
  fixed?: { cycleId: string; round: number; kind: DocumentKind };
}) {
  const { t, pick, locale } = useI18n();
  const [kind, setKind] = useState<DocumentKind>(fixed?.kind ?? 'lesson_plan');
  const [title, setTitle] = useState('');
  const [cycleId, setCycleId] = useState(fixed?.cycleId ?? '');
  const [draft, setDraft] = useState(false);
  const navigate = useNavigate();
  const create = useApiMutation(
    () =>
      call(
        api.teams[':teamId'].documents.$post({
          param: { teamId },
          json: {
            kind,
            title,
            locale,
            ...(cycleId ? { cycleId } : {}),
            ...(fixed ? { round: fixed.round } : {}),
            ...(draft && kind !== 'observation' ? { visibility: 'private' as const } : {}),
          },
        }),
      ),
    {
      invalidate: (doc) => [keys.team(teamId), ...(doc.cycleId ? [keys.cycle(doc.cycleId)] : [])],
      onSuccess: (doc) => navigate({ to: '/documents/$documentId', params: { documentId: doc.id } }),
    },
  );
  const submit = () => {
    create.mutate();
  };
  return (
    <details className="create">
      <summary>{t('documents.create.heading')}</summary>
      <Form onSubmit={submit} className="stack">
        <label>
          {t('documents.create.kind')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)} aria-describedby="kind-help">
            {DocumentKinds.map((k) => (
              <option key={k} value={k}>
                {pick(documentKindLabels[k])}
              </option>
            ))}
          </select>
          <span id="kind-help" className="hint">
            {pick(documentKindDescriptions[kind])}
          </span>
        </label>
        <label>
          {t('documents.create.title')}
          <input name="title" value={title} required maxLength={Limits.documentTitle.max} placeholder={t('documents.create.titlePlaceholder')} onChange={(e) => setTitle(e.target.value)} />
        </label>
        {!fixed && cycles.length > 0 && (
          <CycleSelect
            name="cycle"
            label={t('documents.create.cycle')}
            noneLabel={t('documents.create.noCycle')}
            cycles={cycles}
            value={cycleId}
            onChange={setCycleId}
          />
        )}
        {kind === 'observation' ? (
          <p className="hint">{t('draft.observationShared')}</p>
        ) : (
          <label className="checkbox">
            <input type="checkbox" name="private" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
            {t('draft.createPrivate')}
          </label>
        )}
        <ErrorMessage error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('common.create')}
        </button>
      </Form>
    </details>
  );
}

function Search({ teamId }: { teamId: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const search = useQuery({ ...searchQuery(teamId, submitted), enabled: submitted.length >= Limits.search.min });
  const submit = () => {
    setSubmitted(q.trim());
  };
  return (
    <search className="search">
      <Form onSubmit={submit} className="search-form">
        <label htmlFor="team-search" className="visually-hidden">
          {t('search.label')}
        </label>
        <input id="team-search" type="search" value={q} minLength={Limits.search.min} maxLength={Limits.search.max} placeholder={t('search.placeholder')} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('search.submit')}</button>
      </Form>
      <ErrorMessage error={search.error} />
      {submitted.length >= Limits.search.min && (
        <section aria-live="polite" className="panel">
          <h2>{t('search.results', { q: submitted })}</h2>
          {search.isPending ? (
            <p role="status">{t('common.loading')}</p>
          ) : search.data?.length === 0 ? (
            <p className="muted">{t('search.none')}</p>
          ) : (
            <ul className="doc-list">
              {search.data?.map((hit) => (
                <li key={`${hit.type}:${hit.id}`}>
                  {hit.type === 'cycle' ? (
                    <Link to="/cycles/$cycleId" params={{ cycleId: hit.id }}>
                      {hit.title}
                    </Link>
                  ) : (
                    <Link to="/documents/$documentId" params={{ documentId: hit.id }}>
                      {hit.title}
                    </Link>
                  )}
                  <span className="muted">
                    {' '}
                    · {hit.kind ? pick(documentKindLabels[hit.kind]) : t('search.cycle')} · {formatDateTime(hit.updatedAt)}
                  </span>
                  {hit.snippet && <p className="snippet">{hit.snippet}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </search>
  );
}
