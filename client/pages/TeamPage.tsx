import { type FormEvent, useEffect, useRef, useState } from 'react';
import { phaseLabels } from '../../shared/cycles';
import { type DocumentKind, DocumentKinds, documentKindDescriptions, documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import { roleCan, roleLabels } from '../../shared/roles';
import type { SearchHit } from '../../shared/schemas/documents';
import type { TeamHome } from '../../shared/schemas/teams';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAuth } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link, navigate } from '../app/router';
import { useAction } from '../app/use-action';
import { GapList } from '../components/GapList';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { useI18n } from '../i18n';

export function TeamPage({ teamId }: { teamId: string }) {
  const { t, pick } = useI18n();
  const home = useQuery(`home:${teamId}`, () => call(api.teams[':teamId'].home.$get({ param: { teamId } })));
  const visited = useRef(false);
  useEffect(() => {
    // Seen now: the next visit shows what happened after this one.
    if (home.status === 'ready' && !visited.current) {
      visited.current = true;
      void call(api.teams[':teamId'].visit.$post({ param: { teamId } })).catch(() => undefined);
    }
  }, [home.status, teamId]);

  if (home.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (home.status === 'error') {
    return (
      <main id="main" className="page">
        <p role="alert">{home.error.code === 'not_found' ? t('team.notFound') : t(`error.${home.error.code}`)}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const data = home.data;
  const { team } = data;
  const canCreate = roleCan(team.role, 'document.create');
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
      </nav>
      <header className="doc-header">
        <div>
          <h1>{team.name}</h1>
          <p className="muted">
            {team.school.name} · {pick(roleLabels[team.role])}
          </p>
        </div>
        <nav className="row" aria-label={team.name}>
          <Link href={`/teams/${teamId}/conversations`} className="button">
            {t('conversations.link')}
          </Link>
          <Link href={`/teams/${teamId}/activity`} className="button">
            {t('activity.link')}
          </Link>
          <Link href={`/teams/${teamId}/members`} className="button">
            {t('nav.members')}
          </Link>
        </nav>
      </header>
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
                  <Link href={`/cycles/${cycle.id}`} className="card">
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
            {canCreate && <NewDocument teamId={teamId} cycles={data.cycles} />}
          </section>
        </div>
        <aside className="home-side">
          <Focus home={data} onSaved={home.reload} />
          <section aria-labelledby="online-heading" className="panel">
            <h2 id="online-heading">{t('home.online')}</h2>
            {data.online.length === 0 ? (
              <p className="muted">{t('home.onlineNobody')}</p>
            ) : (
              <ul className="plain">
                {data.online.map((o) => (
                  <li key={o.userId}>
                    <Link href={`/documents/${o.documentId}`}>{t('home.onlineIn', { name: o.name, title: o.documentTitle })}</Link>
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
          <Link href={`/documents/${doc.id}`}>{doc.title}</Link>
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
  const empty = changes.documents.length === 0 && changes.cycles.length === 0 && changes.newMembers.length === 0;
  return (
    <section aria-labelledby="since-heading" className="panel since">
      <h2 id="since-heading">{t('home.since', { date: formatDateTime(changes.since) })}</h2>
      {empty ? (
        <p className="muted">{t('home.sinceNothing')}</p>
      ) : (
        <ul className="plain">
          {changes.cycles.map((c) => (
            <li key={c.id}>
              <Link href={`/cycles/${c.id}`}>{t('home.newCycle', { title: c.title })}</Link>
            </li>
          ))}
          {changes.documents.map((d) => (
            <li key={d.id}>
              <Link href={`/documents/${d.id}`}>
                {t(d.isNew ? 'home.createdBy' : 'home.changedBy', { name: d.editorName ?? '?', title: d.title })}
              </Link>
            </li>
          ))}
          {changes.newMembers.map((m) => (
            <li key={m.userId}>{t('home.newMember', { name: m.name, role: pick(roleLabels[m.role]) })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Focus({ home, onSaved }: { home: TeamHome; onSaved(): void }) {
  const { t } = useI18n();
  const { team } = home;
  const [editing, setEditing] = useState(false);
  const [focus, setFocus] = useState(team.focus);
  const [tags, setTags] = useState(team.focusTags);
  const save = useAction(async () => {
    await call(api.teams[':teamId'].$patch({ param: { teamId: team.id }, json: { focus, focusTags: tags } }));
    setEditing(false);
    onSaved();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <section aria-labelledby="focus-heading" className="panel">
      <h2 id="focus-heading">{t('home.focus')}</h2>
      {editing ? (
        <form onSubmit={submit} className="stack">
          <label>
            {t('home.focusLabel')}
            <textarea value={focus} maxLength={Limits.focus.max} rows={3} placeholder={t('home.focusPlaceholder')} onChange={(e) => setFocus(e.target.value)} />
          </label>
          <TagPicker value={tags} onChange={setTags} />
          <ErrorMessage error={save.error} />
          <FormActions busy={save.busy} onCancel={() => setEditing(false)} />
        </form>
      ) : (
        <>
          {team.focus ? <p>{team.focus}</p> : <p className="muted">{t('home.focusEmpty')}</p>}
          <TagList tags={team.focusTags} />
          {roleCan(team.role, 'team.manage') && (
            <button type="button" onClick={() => setEditing(true)}>
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
  const { refresh } = useAuth();
  const [title, setTitle] = useState('');
  const [researchQuestion, setQuestion] = useState('');
  const [plannedRounds, setRounds] = useState(3);
  const [tags, setTags] = useState<string[]>([]);
  const create = useAction(async () => {
    const cycle = await call(api.teams[':teamId'].cycles.$post({ param: { teamId }, json: { title, researchQuestion, plannedRounds, tags } }));
    await refresh();
    navigate(`/cycles/${cycle.id}`);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  return (
    <details className="create">
      <summary>{t('cycle.create.heading')}</summary>
      <form onSubmit={submit} className="stack">
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
        <button type="submit" className="primary" disabled={create.busy}>
          {t('common.create')}
        </button>
      </form>
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
  const create = useAction(async () => {
    const doc = await call(
      api.teams[':teamId'].documents.$post({
        param: { teamId },
        json: { kind, title, locale, ...(cycleId ? { cycleId } : {}), ...(fixed ? { round: fixed.round } : {}) },
      }),
    );
    navigate(`/documents/${doc.id}`);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  return (
    <details className="create">
      <summary>{t('documents.create.heading')}</summary>
      <form onSubmit={submit} className="stack">
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
          <label>
            {t('documents.create.cycle')}
            <select name="cycle" value={cycleId} onChange={(e) => setCycleId(e.target.value)}>
              <option value="">{t('documents.create.noCycle')}</option>
              {cycles.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <ErrorMessage error={create.error} />
        <button type="submit" className="primary" disabled={create.busy}>
          {t('common.create')}
        </button>
      </form>
    </details>
  );
}

function Search({ teamId }: { teamId: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<{ q: string; hits: SearchHit[] } | null>(null);
  const search = useAction(async () => {
    const query = q.trim();
    if (query.length < Limits.search.min) return;
    const res = await call(api.teams[':teamId'].search.$get({ param: { teamId }, query: { q: query } }));
    setResults({ q: query, hits: res.hits });
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search.run();
  };
  return (
    <search className="search">
      <form onSubmit={submit} className="search-form">
        <label htmlFor="team-search" className="visually-hidden">
          {t('search.label')}
        </label>
        <input id="team-search" type="search" value={q} minLength={Limits.search.min} maxLength={Limits.search.max} placeholder={t('search.placeholder')} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <ErrorMessage error={search.error} />
      {results && (
        <section aria-live="polite" className="panel">
          <h2>{t('search.results', { q: results.q })}</h2>
          {results.hits.length === 0 ? (
            <p className="muted">{t('search.none')}</p>
          ) : (
            <ul className="doc-list">
              {results.hits.map((hit) => (
                <li key={`${hit.type}:${hit.id}`}>
                  <Link href={hit.type === 'cycle' ? `/cycles/${hit.id}` : `/documents/${hit.id}`}>{hit.title}</Link>
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
