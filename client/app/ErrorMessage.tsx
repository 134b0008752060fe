import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export function ErrorMessage({ error }: { error: ApiError | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {t(`error.${error.code}`)}
    </p>
  );
}
