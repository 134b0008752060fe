import { type FormEvent, useState } from 'react';
import { type Phase, Phases, phaseKinds, phaseLabels } from '../../shared/cycles';
import { documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import type { CycleBoard } from '../../shared/schemas/cycles';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link, navigate } from '../app/router';
import { useAction } from '../app/use-action';
import { GapList } from '../components/GapList';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { useI18n } from '../i18n';

export function CyclePage({ cycleId }: { cycleId: string }) {
  const { t, pick } = useI18n();
  const board = useQuery(`cycle:${cycleId}`, async () => {
    const b = await call(api.cycles[':cycleId'].$get({ param: { cycleId } }));
    const team = await call(api.teams[':teamId'].$get({ param: { teamId: b.cycle.teamId } }));
    return { board: b, team };
  });
  const setPhase = useAction(async (phase: Phase) => {
    await call(api.cycles[':cycleId'].$patch({ param: { cycleId }, json: { phase } }));
    board.reload();
  });
  const advance = useAction(async () => {
    const { plan } = await call(api.cycles[':cycleId'].advance.$post({ param: { cycleId } }));
    navigate(`/documents/${plan.id}`);
  });

  if (board.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (board.status === 'error') {
    return (
      <main id="main" className="page">
        <p role="alert">{board.error.code === 'not_found' ? t('cycle.notFound') : t(`error.${board.error.code}`)}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const { board: data, team } = board.data;
  const { cycle } = data;
  const canEdit = team.role === 'leader' || team.role === 'member';
  const phaseIndex = Phases.indexOf(cycle.phase);
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link> / <Link href={`/teams/${team.id}`}>{team.name}</Link>
      </nav>
      <CycleHeader board={data} canEdit={canEdit} onSaved={board.reload} />
      <ol className="phase-stepper" aria-label={t('cycle.phase')}>
        {Phases.map((phase, i) => (
          <li key={phase} className={i === phaseIndex ? 'current' : i < phaseIndex ? 'done' : ''} aria-current={i === phaseIndex ? 'step' : undefined}>
            {canEdit && i !== phaseIndex ? (
              <button type="button" className="link" onClick={() => void setPhase.run(phase)} aria-label={t('cycle.setPhase', { phase: pick(phaseLabels[phase]) })}>
                {pick(phaseLabels[phase])}
              </button>
            ) : (
              <span>{pick(phaseLabels[phase])}</span>
            )}
          </li>
        ))}
      </ol>
      <ErrorMessage error={setPhase.error ?? advance.error} />
      <section aria-labelledby="gaps-heading" className="panel">
        <h2 id="gaps-heading">{t('cycle.gaps')}</h2>
        {data.gaps.length === 0 ? <p className="muted">{t('cycle.noGaps')}</p> : <GapList gaps={data.gaps} />}
        {canEdit && (
          <div className="advance">
            <button type="button" className="primary" disabled={advance.busy} onClick={() => void advance.run()} aria-describedby="advance-help">
              {t('cycle.advance', { round: cycle.round + 1 })}
            </button>
            <span id="advance-help" className="hint">
              {t('cycle.advanceHelp')}
            </span>
          </div>
        )}
      </section>
      <h2>{t('cycle.board')}</h2>
      {data.rounds.toReversed().map(({ round, phases }) => (
        <section key={round} aria-labelledby={`round-${round}`} className="round">
          <h3 id={`round-${round}`}>{t('cycle.roundOf', { round, total: Math.max(cycle.plannedRounds, round) })}</h3>
          <div className="board">
            {Phases.map((phase) => (
              <div key={phase} className={`column${round === cycle.round && phase === cycle.phase ? ' current' : ''}`}>
                <h4>{pick(phaseLabels[phase])}</h4>
                {phases[phase].length === 0 ? (
                  <p className="muted small">{t('cycle.emptyColumn')}</p>
                ) : (
                  <ul className="plain">
                    {phases[phase].map((doc) => (
                      <li key={doc.id}>
                        <Link href={`/documents/${doc.id}`}>{doc.title}</Link>
                        <div className="muted small">{pick(documentKindLabels[doc.kind])}</div>
                      </li>
                    ))}
                  </ul>
                )}
                {canEdit && round === cycle.round && phase === 'observe' && phases.plan[0] && (
                  <Link className="button add" href={`/documents/${phases.plan[0].id}/observe`}>
                    {t('observe.open')}
                  </Link>
                )}
                {canEdit && round === cycle.round && phase !== 'revise' && phase !== 'observe' && (
                  <AddToPhase teamId={cycle.teamId} cycleId={cycle.id} round={round} phase={phase} />
                )}
              </div>
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}

function AddToPhase({ teamId, cycleId, round, phase }: { teamId: string; cycleId: string; round: number; phase: Phase }) {
  const { t, pick, locale } = useI18n();
  const kind = phaseKinds[phase];
  const label = pick(documentKindLabels[kind]);
  const create = useAction(async () => {
    const doc = await call(
      api.teams[':teamId'].documents.$post({ param: { teamId }, json: { kind, title: label, locale, cycleId, round } }),
    );
    navigate(`/documents/${doc.id}`);
  });
  return (
    <>
      <button type="button" className="add" disabled={create.busy} onClick={() => void create.run()}>
        + {t('cycle.addDocument', { kind: label.toLocaleLowerCase(locale === 'nb' ? 'nb' : 'en') })}
      </button>
      <ErrorMessage error={create.error} />
    </>
  );
}

function CycleHeader({ board, canEdit, onSaved }: { board: CycleBoard; canEdit: boolean; onSaved(): void }) {
  const { t, pick } = useI18n();
  const { cycle } = board;
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(cycle.title);
  const [question, setQuestion] = useState(cycle.researchQuestion);
  const [tags, setTags] = useState(cycle.tags);
  const save = useAction(async () => {
    await call(api.cycles[':cycleId'].$patch({ param: { cycleId: cycle.id }, json: { title, researchQuestion: question, tags } }));
    setEditing(false);
    onSaved();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  if (editing) {
    return (
      <form onSubmit={submit} className="stack panel">
        <label>
          {t('cycle.title')}
          <input required maxLength={Limits.documentTitle.max} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('cycle.question')}
          <textarea rows={2} maxLength={Limits.researchQuestion.max} value={question} onChange={(e) => setQuestion(e.target.value)} />
        </label>
        <TagPicker value={tags} onChange={setTags} />
        <ErrorMessage error={save.error} />
        <FormActions busy={save.busy} onCancel={() => setEditing(false)} />
      </form>
    );
  }
  return (
    <header className="doc-header">
      <div>
        <h1>{cycle.title}</h1>
        <p className="question">
          <strong>{t('cycle.question')}:</strong> {cycle.researchQuestion || '—'}
        </p>
        <p className="muted">
          {t('cycle.roundOf', { round: cycle.round, total: cycle.plannedRounds })} · {t('cycle.currentPhase', { phase: pick(phaseLabels[cycle.phase]) })}
        </p>
        <TagList tags={cycle.tags} />
      </div>
      {canEdit && (
        <button type="button" onClick={() => setEditing(true)}>
          {t('common.edit')}
        </button>
      )}
    </header>
  );
}
