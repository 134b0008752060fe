import { useState } from 'react';
import type { ExportProgress } from '../../shared/schemas/team-archive';
import { api, call } from '../api/client';
import { ErrorMessage } from '../app/ErrorMessage';
import { dateLocales, useI18n } from '../i18n';

/** How often the page asks how far a running export got. */
const PROGRESS_POLL_MS = 400;

/** The file name the server suggests in Content-Disposition, or a plain one. */
function suggestedName(header: string | null): string {
  const utf8 = header && /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  return utf8 ? decodeURIComponent(utf8) : 'fellesrom-export.zip';
}

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads the team's export. The zip streams in while the server writes it, one document at a
 * time; the page shows how many documents are done (asked by the export's id) and the bytes so far.
 */
export function ExportTeam({ teamId }: { teamId: string }) {
  const { t, locale } = useI18n();
  const [progress, setProgress] = useState<{ done: number; total: number; bytes: number } | null>(null);
  const [finished, setFinished] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const size = (bytes: number) =>
    new Intl.NumberFormat(dateLocales[locale], { style: 'unit', unit: bytes > 1024 * 1024 ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(
      bytes > 1024 * 1024 ? bytes / 1024 / 1024 : bytes / 1024,
    );

  const run = async () => {
    setError(null);
    setFinished(null);
    const exportId = crypto.randomUUID().replaceAll('-', '');
    let received = 0;
    setProgress({ done: 0, total: 0, bytes: 0 });
    const poll = setInterval(() => {
      call(api.teams[':teamId'].export.progress[':exportId'].$get({ param: { teamId, exportId } })).then(
        (p: ExportProgress) => setProgress({ done: p.documents.done, total: p.documents.total, bytes: received }),
        // Asked before the server started it, or after it was forgotten: the next answer says.
        () => undefined,
      );
    }, PROGRESS_POLL_MS);
    try {
      const res = await api.teams[':teamId'].export.$get({ param: { teamId }, query: { exportId } });
      if (!res.ok || !res.body) await call(Promise.resolve(res));
      const total = Number(res.headers.get('x-export-documents') ?? 0);
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        setProgress((p) => ({ done: p?.done ?? 0, total: p?.total || total, bytes: received }));
      }
      saveFile(new Blob(chunks as BlobPart[], { type: 'application/zip' }), suggestedName(res.headers.get('content-disposition')));
      setFinished(received);
    } catch (e) {
      setError(e);
    } finally {
      clearInterval(poll);
      setProgress(null);
    }
  };

  return (
    <section aria-labelledby="export-heading" className="panel">
      <h2 id="export-heading">{t('data.export.heading')}</h2>
      <p>{t('data.export.help')}</p>
      <button type="button" className="primary" disabled={progress !== null} onClick={() => void run()}>
        {t('data.export.button')}
      </button>
      {progress && (
        <div role="status" className="export-progress">
          <progress max={progress.total || undefined} value={progress.total ? progress.done : undefined} />{' '}
          {t('data.export.progress', { done: progress.done, total: progress.total })} · {size(progress.bytes)}
        </div>
      )}
      <output aria-live="polite" data-testid="export-done">
        {finished !== null && t('data.export.done', { size: size(finished) })}
      </output>
      <ErrorMessage error={error} />
    </section>
  );
}
