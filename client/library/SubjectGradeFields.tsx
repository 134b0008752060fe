import { Limits } from '../../shared/limits';
import { useI18n } from '../i18n';

/** Subject and grade (fag, trinn): what a published copy is filed under, and what the library filters on. */
export function SubjectGradeFields({ subject, grade, onSubject, onGrade }: { subject: string; grade: string; onSubject(v: string): void; onGrade(v: string): void }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('library.subject')}
        <input name="subject" value={subject} maxLength={Limits.library.subject} onChange={(e) => onSubject(e.target.value)} />
      </label>
      <label>
        {t('library.grade')}
        <input name="grade" value={grade} maxLength={Limits.library.grade} onChange={(e) => onGrade(e.target.value)} />
      </label>
    </>
  );
}
