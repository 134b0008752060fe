import { useI18n } from '../i18n';

/** Save and cancel, the pair every inline edit form ends with. */
export function FormActions({ busy, onCancel, onSave }: { busy: boolean; onCancel(): void; onSave?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <button type={onSave ? 'button' : 'submit'} className="primary" disabled={busy} onClick={onSave}>
        {t('cycle.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
