import { FocusAreas, focusAreaLabels, Outcomes, outcomeLabels } from '../../shared/focus-areas';
import type { Coverage } from '../../shared/schemas/schools';
import { useI18n } from '../i18n';

/**
 * Which outcomes (Hvorfor) and focus areas (Hva) the school's cycles (Hvordan) address, as a
 * heatmap: each cell the number of cycles that address both, shaded by how many.
 */
export function CoverageTable({ coverage }: { coverage: Coverage }) {
  const { t, pick } = useI18n();
  const most = Math.max(1, ...Outcomes.flatMap((o) => FocusAreas.map((f) => coverage.matrix[o][f])));
  const heat = (n: number) => (n === 0 ? 'heat-0' : `heat-${Math.min(4, Math.ceil((n / most) * 4))}`);
  return (
    <div className="table-scroll">
      <table className="coverage" data-testid="coverage">
        <caption>{t('school.coverageCaption', { count: coverage.cycles })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('school.outcomeVsFocus')}</th>
            {FocusAreas.map((f) => (
              <th key={f} scope="col">
                {pick(focusAreaLabels[f])}
              </th>
            ))}
            <th scope="col">{t('school.total')}</th>
          </tr>
        </thead>
        <tbody>
          {Outcomes.map((o) => (
            <tr key={o}>
              <th scope="row">{pick(outcomeLabels[o])}</th>
              {FocusAreas.map((f) => (
                <td key={f} className={heat(coverage.matrix[o][f])}>
                  {coverage.matrix[o][f]}
                </td>
              ))}
              <td>{coverage.outcomes[o]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('school.total')}</th>
            {FocusAreas.map((f) => (
              <td key={f} className={coverage.focusAreas[f] === 0 ? 'gap-cell' : ''}>
                {coverage.focusAreas[f]}
              </td>
            ))}
            <td>{coverage.cycles}</td>
          </tr>
        </tbody>
      </table>
      {coverage.untagged > 0 && <p className="muted small">{t('school.untagged', { count: coverage.untagged })}</p>}
    </div>
  );
}
