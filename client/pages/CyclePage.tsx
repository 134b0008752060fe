import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Phase, Phases, phaseKinds, phaseLabels } from '../../shared/cycles';
import { documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import type { CycleBoard } from '../../shared/schemas/cycles';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { cycleQuery, keys, teamQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { FormActions } from '../components/FormActions';
import { GapList } from '../components/GapList';
import { TagList, TagPicker } from '../components/Tags';
import { useI18n } from '../i18n';
import { CycleOriginNote } from '../library/CycleOriginNote';
import { CycleData } from '../privacy/CycleData';
import { Form } from '../components/Form';

const route = getRouteApi('/cycles/$cycleId');

export function CyclePage() {
  const { cycleId } = route.useParams();
  const { t, pick, locale } = useI18n();
  const navigate = useNavigate();
  const data = useSuspenseQuery(cycleQuery(cycleId)).data;
  const { cycle } = data;
  const team = useSuspenseQuery(teamQuery(cycle.teamId)).data;
  const setPhase = useApiMutation((phase: Phase) => call(api.cycles[':cycleId'].$patch({ param: { cycleId }, json: { phase } })), {
    invalidate: [keys.cycle(cycleId), keys.team(cycle.teamId)],
  });
  const advance = useApiMutation(() => call(api.cycles[':cycleId'].advance.$post({ param: { cycleId }, json: { locale } })), {
    invalidate: [keys.cycle(cycleId), keys.team(cycle.teamId)],
    onSuccess: ({ plan }) => navigate({ to: '/documents/$documentId', params: { documentId: plan.id } }),
  });
  const canEdit = team.can.editCycles;
  const phaseIndex = Phases.indexOf(cycle.phase);
  // A next round starts from this round's plan, and is the next step once the round was reflected on.
  const thisRound = data.rounds.find((r) => r.round === cycle.round)?.phases;
  const hasPlan = (thisRound?.plan.length ?? 0) > 0;
  const reflected = thisRound?.reflect.some((d) => d.kind === 'reflection') ?? false;
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link> /{' '}
        <Link to="/teams/$teamId" params={{ teamId: team.id }}>
          {team.name}
        </Link>
      </nav>
      <CycleHeader board={data} canEdit={canEdit} />
      <CycleOriginNote origin={data.origin} />
      <CycleData cycle={cycle} can={team.can} />
      <ol className="phase-stepper" aria-label={t('cycle.phase')}>
        {Phases.map((phase, i) => (
          <li key={phase} className={i === phaseIndex ? 'current' : i < phaseIndex ? 'done' : ''} aria-current={i === phaseIndex ? 'step' : undefined}>
            {canEdit && i !== phaseIndex ? (
              <button type="button" className="link" onClick={() => setPhase.mutate(phase)} aria-label={t('cycle.setPhase', { phase: pick(phaseLabels[phase]) })}>
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
        {canEdit && hasPlan && (
          <div className="advance">
            <button type="button" className={reflected ? 'primary' : undefined} disabled={advance.isPending} onClick={() => advance.mutate()} aria-describedby="advance-help">
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
                        <Link to="/documents/$documentId" params={{ documentId: doc.id }}>
                          {doc.title}
                        </Link>
                        <div className="muted small">{pick(documentKindLabels[doc.kind])}</div>
                      </li>
                    ))}
                  </ul>
                )}
                {canEdit && round === cycle.round && phase === 'observe' && phases.plan[0] && (
                  <Link className="button add" to="/documents/$documentId/observe" params={{ documentId: phases.plan[0].id }}>
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
  const navigate = useNavigate();
  const kind = phaseKinds[phase];
  const label = pick(documentKindLabels[kind]);
  const create = useApiMutation(
    () => call(api.teams[':teamId'].documents.$post({ param: { teamId }, json: { kind, title: label, locale, cycleId, round } })),
    {
      invalidate: [keys.cycle(cycleId), keys.team(teamId)],
      onSuccess: (doc) => navigate({ to: '/documents/$documentId', params: { documentId: doc.id } }),
    },
  );
  return (
    <>
      <button type="button" className="add" disabled={create.isPending} onClick={() => create.mutate()}>
        + {t('cycle.addDocument', { kind: label.toLocaleLowerCase(locale) })}
      </button>
      <ErrorMessage error={create.error} />
    </>
  );
}

function CycleHeader({ board, canEdit }: { board: CycleBoard; canEdit: boolean }) {
  const { t, pick } = useI18n();
  const { cycle } = board;
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(cycle.title);
  const [question, setQuestion] = useState(cycle.researchQuestion);
  const [tags, setTags] = useState(cycle.tags);
  const save = useApiMutation(
    () => call(api.cycles[':cycleId'].$patch({ param: { cycleId: cycle.id }, json: { title, researchQuestion: question, tags } })),
    { invalidate: [keys.cycle(cycle.id), keys.team(cycle.teamId)], onSuccess: () => setEditing(false) },
  );
  const submit = () => {
    save.mutate();
  };
  if (editing) {
    return (
      <Form onSubmit={submit} className="stack panel">
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
        <FormActions busy={save.isPending} onCancel={() => setEditing(false)} />
      </Form>
    );
  }
  return (
    <header className="doc-header">
      <div>
        <PageTitle>{cycle.title}</PageTitle>
        <p className="question">
          <strong>{t('cycle.question')}:</strong> {cycle.researchQuestion || '—'}
        </p>
        <p className="muted">
          {t('cycle.roundOf', { round: cycle.round, total: cycle.plannedRounds })} · {t('cycle.currentPhase', { phase: pick(phaseLabels[cycle.phase]) })}
        </p>
        <TagList tags={cycle.tags} />
      </div>
      {canEdit && (
        <button
          type="button"
          onClick={() => {
            setTitle(cycle.title);
            setQuestion(cycle.researchQuestion);
            setTags(cycle.tags);
            setEditing(true);
          }}
        >
          {t('common.edit')}
        </button>
      )}
    </header>
  );
}
