import { useQuery } from '@tanstack/react-query';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { type FormEvent, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { phaseLabels, type Phase } from '../../shared/cycles';
import { Limits } from '../../shared/limits';
import type { Version } from '../../shared/schemas/versions';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { compareQuery, keys, versionQuery, versionsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { StaticDocument } from '../editor/StaticDocument';
import { useI18n } from '../i18n';

export function useVersionName() {
  const { t, pick } = useI18n();
  return (v: Pick<Version, 'name' | 'auto'>) => {
    if (!v.auto) return v.name;
    const phase = /^phase:(\w+):(\d+)$/.exec(v.name);
    if (phase && phase[1]! in phaseLabels) return t('versions.autoPhase', { phase: pick(phaseLabels[phase[1] as Phase]), round: phase[2]! });
    if (v.name === 'restore:before') return t('versions.autoRestore');
    return v.name;
  };
}

type Shown = { kind: 'view'; version: Version } | { kind: 'compare'; from: string; to: string };

/** A saved version's content as ProseMirror JSON, for showing read-only. */
const versionDoc = (update: string) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Uint8Array.from(atob(update), (c) => c.charCodeAt(0)));
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default'));
  doc.destroy();
  return json;
};

/** Named versions of a document: save, view, compare, restore. */
export function VersionsPanel({ documentId, canEdit }: { documentId: string; canEdit: boolean }) {
  const { t, formatDateTime } = useI18n();
  const versionName = useVersionName();
  const versions = useQuery(versionsQuery(documentId));
  const [name, setName] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [notice, setNotice] = useState('');
  const list = versions.data ?? [];
  const label = (id: string) => (id === 'current' ? t('versions.current') : versionName(list.find((v) => v.id === id) ?? { name: id, auto: false }));
  const viewed = useQuery({ ...versionQuery(documentId, shown?.kind === 'view' ? shown.version.id : ''), enabled: shown?.kind === 'view' });
  const viewedDoc = useMemo(() => (viewed.data ? versionDoc(viewed.data.update) : null), [viewed.data]);
  const compared = useQuery({
    ...compareQuery(documentId, shown?.kind === 'compare' ? shown.from : '', shown?.kind === 'compare' ? shown.to : ''),
    enabled: shown?.kind === 'compare',
  });
  const stale = [[...keys.document(documentId), 'versions']];
  const save = useApiMutation(() => call(api.documents[':documentId'].versions.$post({ param: { documentId }, json: { name } })), {
    invalidate: stale,
    onSuccess: () => setName(''),
  });
  const restore = useApiMutation(
    (v: Version) => call(api.documents[':documentId'].versions[':versionId'].restore.$post({ param: { documentId, versionId: v.id } })),
    { invalidate: stale, onSuccess: () => setNotice(t('versions.restored')) },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const submitCompare = (e: FormEvent) => {
    e.preventDefault();
    if (from) setShown({ kind: 'compare', from, to });
  };

  return (
    <section className="versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t('versions.heading')}</h2>
      {canEdit && (
        <form onSubmit={submit} className="stack">
          <label>
            {t('versions.name')}
            <input value={name} required maxLength={Limits.versionName.max} placeholder={t('versions.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('versions.save')}
          </button>
        </form>
      )}
      <output aria-live="polite">{notice}</output>
      <ErrorMessage error={save.error ?? restore.error ?? versions.error ?? viewed.error ?? compared.error} />
      {versions.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('versions.none')}</p>
      ) : (
        <ul className="version-list">
          {list.map((v) => (
            <li key={v.id}>
              <strong>{versionName(v)}</strong>
              <div className="muted small">
                {formatDateTime(v.createdAt)}
                {v.createdByName ? ` · ${v.createdByName}` : ''}
                {v.auto ? ` · ${t('versions.auto')}` : ''} · {t('versions.size', { kb: (v.bytes / 1024).toFixed(1) })}
              </div>
              <div className="row small">
                <button type="button" className="link" onClick={() => setShown({ kind: 'view', version: v })}>
                  {t('versions.view')}
                </button>
                <button type="button" className="link" onClick={() => setShown({ kind: 'compare', from: v.id, to: 'current' })}>
                  {t('versions.compare')}
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="link"
                    disabled={restore.isPending}
                    onClick={() => window.confirm(t('versions.confirmRestore', { name: versionName(v) })) && restore.mutate(v)}
                  >
                    {t('versions.restore')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.length > 1 && (
        <form className="stack compare-form" onSubmit={submitCompare}>
          <label>
            {t('versions.from')}
            <select value={from} onChange={(e) => setFrom(e.target.value)} required>
              <option value="" disabled>
                …
              </option>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionName(v)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('versions.to')}
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="current">{t('versions.current')}</option>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionName(v)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('versions.compareTwo')}</button>
        </form>
      )}
      {shown && (
        <div
          className="version-view"
          role="region"
          aria-label={shown.kind === 'view' ? t('versions.viewing', { name: versionName(shown.version) }) : t('versions.heading')}
        >
          <div className="row">
            <strong>
              {shown.kind === 'view'
                ? t('versions.viewing', { name: versionName(shown.version) })
                : t('versions.comparing', { from: label(shown.from), to: label(shown.to) })}
            </strong>
            <button type="button" onClick={() => setShown(null)}>
              {t('versions.close')}
            </button>
          </div>
          {shown.kind === 'compare' && compared.data && (
            <p className="muted" data-testid="diff-summary">
              {t('versions.changes', { added: compared.data.added, removed: compared.data.removed })}
            </p>
          )}
          {(shown.kind === 'view' ? viewed.isPending : compared.isPending) && <p role="status">{t('common.loading')}</p>}
          {shown.kind === 'view' && viewedDoc && <StaticDocument doc={viewedDoc} label={versionName(shown.version)} />}
          {shown.kind === 'compare' && compared.data && <StaticDocument doc={compared.data.doc} label={t('versions.heading')} />}
        </div>
      )}
    </section>
  );
}
