import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { ImportResult } from '../../shared/schemas/team-archive';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';

/** Makes a new team from a team export (the zip file). */
export function ImportTeam() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const load = useApiMutation(
    (zip: File) =>
      call<ImportResult>(api.teams.import.$post(undefined, { headers: { 'content-type': 'application/zip' }, init: { body: zip } })),
    { invalidate: [keys.teams, keys.me] },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) load.mutate(file);
  };
  return (
    <section aria-labelledby="import-heading" className="panel">
      <h2 id="import-heading">{t('data.import.heading')}</h2>
      <p>{t('data.import.help')}</p>
      <form onSubmit={submit} className="inline-form">
        <label>
          {t('data.import.file')}
          <input
            type="file"
            name="export-file"
            accept=".zip,application/zip"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="primary" disabled={!file || load.isPending}>
          {load.isPending ? t('data.import.busy') : t('data.import.button')}
        </button>
      </form>
      <ErrorMessage error={load.error} />
      {load.data && (
        <p role="status">
          {t('data.import.done', { team: load.data.name, documents: t('count.documents', { count: load.data.documents }) })}{' '}
          <Link to="/teams/$teamId" params={{ teamId: load.data.teamId }}>
            {t('data.import.open')}
          </Link>
        </p>
      )}
    </section>
  );
}
