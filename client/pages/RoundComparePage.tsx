import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { blockLabels, fieldLabels } from '../../shared/blocks/labels';
import type { DiffPart, RoundChange } from '../../shared/schemas/round-compare';
import { documentQuery, roundCompareQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';

const route = getRouteApi('/documents/$documentId/rounds');

const statusKeys = { added: 'rounds.added', removed: 'rounds.removed', changed: 'rounds.changed' } as const;

/** A later round's plan against round 1, block by block, the page's full width: each change with the finding behind it. */
export function RoundComparePage() {
  const { documentId } = route.useParams();
  const { t } = useI18n();
  const doc = useSuspenseQuery(documentQuery(documentId)).data;
  const comparison = useQuery(roundCompareQuery(documentId));
  const data = comparison.data;
  const blocks = (['lessonFlow', 'casePupils', 'observationFocus'] as const).map((block) => ({ block, changes: data?.changes.filter((c) => c.block === block) ?? [] }));
  return (
    <main id="main" className="page wide round-compare">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/documents/$documentId" params={{ documentId }}>
          {t('compare.back')}
        </Link>
      </nav>
      <PageTitle>{t('rounds.heading', { title: doc.title })}</PageTitle>
      <ErrorMessage error={comparison.error} />
      {comparison.isPending && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <p data-testid="rounds-summary">
            {t('rounds.summary', { from: data.from.round, to: data.to.round, changes: t('rounds.changes', { count: data.changes.length }) })}{' '}
            <Link to="/documents/$documentId" params={{ documentId: data.from.planId }}>
              {data.from.title}
            </Link>
          </p>
          {data.changes.length === 0 && <p className="muted">{t('rounds.none')}</p>}
          {blocks
            .filter((b) => b.changes.length > 0)
            .map(({ block, changes }) => (
              <BlockChanges key={block} block={block} changes={changes} />
            ))}
        </>
      )}
    </main>
  );
}

function BlockChanges({ block, changes }: { block: RoundChange['block']; changes: RoundChange[] }) {
  const { t, pick } = useI18n();
  return (
    <section aria-labelledby={`rounds-${block}`} className="round-block">
      <h2 id={`rounds-${block}`}>{pick(blockLabels[block])}</h2>
      <ul className="plain round-changes">
        {changes.map((change) => (
          <li key={`${change.status}:${change.rowId ?? change.index}`} className={`round-change ${change.status}`} data-status={change.status}>
            <h3>
              <span className={`badge ${change.status}`}>{t(statusKeys[change.status])}</span>{' '}
              {block === 'lessonFlow' ? t('rounds.step', { step: change.index + 1 }) : null}
              {change.title ? ` ${change.title}` : ''}
            </h3>
            <dl className="round-fields">
              {change.fields.map((field) => (
                <div key={field.name}>
                  <dt>{fieldLabels[field.name] ? pick(fieldLabels[field.name]!) : pick(blockLabels.observationFocus)}</dt>
                  <dd>
                    <Diff parts={field.parts} />
                  </dd>
                </div>
              ))}
            </dl>
            {change.findings.length > 0 && (
              <ul className="plain round-findings" aria-label={t('rounds.findings')}>
                {change.findings.map((f) => (
                  <li key={`${f.reflectionId}:${f.text}`}>
                    <span aria-hidden="true">◆ </span>
                    {t('rounds.because')}{' '}
                    {f.reflectionId ? (
                      <Link to="/documents/$documentId" params={{ documentId: f.reflectionId }}>
                        {f.text}
                      </Link>
                    ) : (
                      f.text
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Removed words struck through, added ones underlined; said in words for screen readers too. */
function Diff({ parts }: { parts: DiffPart[] }) {
  const { t } = useI18n();
  return (
    <span className="diff">
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <ins key={i} className="diff-insert">
            <span className="visually-hidden">{t('rounds.insertStart')}</span>
            {p.text}
          </ins>
        ) : (
          <del key={i} className="diff-delete">
            <span className="visually-hidden">{t('rounds.deleteStart')}</span>
            {p.text}
          </del>
        ),
      )}
    </span>
  );
}
