import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { useMemo, useState } from 'react';
import * as Y from 'yjs';
import { contentOf } from '../../shared/blocks/read';
import { phaseLabels, type Phase } from '../../shared/cycles';
import { Limits } from '../../shared/limits';
import type { Version } from '../../shared/schemas/versions';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, versionQuery, versionsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { StaticDocument } from '../editor/StaticDocument';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';

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


/** A saved version's content as ProseMirror JSON, for showing read-only. */
const versionDoc = (update: string) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Uint8Array.from(atob(update), (c) => c.charCodeAt(0)));
  const json = yXmlFragmentToProsemirrorJSON(contentOf(doc));
  doc.destroy();
  return json;
};

/** Named versions of a document: save, view, compare, restore. */
export function VersionsPanel({ documentId, canEdit }: { documentId: string; canEdit: boolean }) {
  const { t, formatDateTime } = useI18n();
  const versionName = useVersionName();
  const versions = useQuery(versionsQuery(documentId));
  const [name, setName] = useState('');
  const navigate = useNavigate();
  const [shown, setShown] = useState<Version | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [notice, setNotice] = useState('');
  const list = versions.data ?? [];
  const viewed = useQuery({ ...versionQuery(documentId, shown?.id ?? ''), enabled: shown !== null });
  const viewedDoc = useMemo(() => (viewed.data ? versionDoc(viewed.data.update) : null), [viewed.data]);
  // Comparing needs the page's width: it opens as a page of its own.
  const compare = (a: string, b: string) => void navigate({ to: '/documents/$documentId/compare', params: { documentId }, search: { from: a, to: b } });
  const stale = [[...keys.document(documentId), 'versions']];
  const save = useApiMutation(() => call(api.documents[':documentId'].versions.$post({ param: { documentId }, json: { name } })), {
    invalidate: stale,
    onSuccess: () => setName(''),
  });
  const restore = useApiMutation(
    (v: Version) => call(api.documents[':documentId'].versions[':versionId'].restore.$post({ param: { documentId, versionId: v.id } })),
    { invalidate: stale, onSuccess: () => setNotice(t('versions.restored')) },
  );
  const submit = () => {
    save.mutate();
  };
  const submitCompare = () => {
    if (from) compare(from, to);
  };

  return (
    <section className="versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t('versions.heading')}</h2>
      {canEdit && (
        <Form onSubmit={submit} className="stack">
          <label>
            {t('versions.name')}
            <input value={name} required maxLength={Limits.versionName.max} placeholder={t('versions.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('versions.save')}
          </button>
        </Form>
      )}
      <output aria-live="polite">{notice}</output>
      <ErrorMessage error={save.error ?? restore.error ?? versions.error ?? viewed.error} />
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
                <button type="button" className="link" onClick={() => setShown(v)}>
                  {t('versions.view')}
                </button>
                <Link to="/documents/$documentId/compare" params={{ documentId }} search={{ from: v.id, to: 'current' }}>
                  {t('versions.compare')}
                </Link>
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
        <Form className="stack compare-form" onSubmit={submitCompare}>
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
        </Form>
      )}
      {shown && (
        <div className="version-view" role="region" aria-label={t('versions.viewing', { name: versionName(shown) })}>
          <div className="row">
            <strong>{t('versions.viewing', { name: versionName(shown) })}</strong>
            <button type="button" onClick={() => setShown(null)}>
              {t('versions.close')}
            </button>
          </div>
          {viewed.isPending && <p role="status">{t('common.loading')}</p>}
          {viewedDoc && <StaticDocument doc={viewedDoc} label={versionName(shown)} />}
        </div>
      )}
    </section>
  );
}
