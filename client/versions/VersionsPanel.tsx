import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { type FormEvent, useState } from 'react';
import * as Y from 'yjs';
import { phaseLabels, type Phase } from '../../shared/cycles';
import { Limits } from '../../shared/limits';
import type { Version, VersionComparison } from '../../shared/schemas/versions';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { useAction } from '../app/use-action';
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

type Shown = { kind: 'view'; name: string; doc: unknown } | { kind: 'compare'; comparison: VersionComparison };

/** Named versions of a document: save, view, compare, restore. */
export function VersionsPanel({ documentId, canEdit }: { documentId: string; canEdit: boolean }) {
  const { t, formatDateTime } = useI18n();
  const versionName = useVersionName();
  const versions = useQuery(`versions:${documentId}`, () => call(api.documents[':documentId'].versions.$get({ param: { documentId } })));
  const [name, setName] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [notice, setNotice] = useState('');
  const list = versions.status === 'ready' ? versions.data.versions : [];
  const label = (id: string) => (id === 'current' ? t('versions.current') : versionName(list.find((v) => v.id === id) ?? { name: id, auto: false }));

  const save = useAction(async () => {
    await call(api.documents[':documentId'].versions.$post({ param: { documentId }, json: { name } }));
    setName('');
    versions.reload();
  });
  const view = useAction(async (v: Version) => {
    const res = await call(api.documents[':documentId'].versions[':versionId'].$get({ param: { documentId, versionId: v.id } }));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Uint8Array.from(atob(res.update), (c) => c.charCodeAt(0)));
    setShown({ kind: 'view', name: versionName(v), doc: yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')) });
    doc.destroy();
  });
  const compare = useAction(async (a: string, b: string) => {
    setShown({ kind: 'compare', comparison: await call(api.documents[':documentId'].compare.$get({ param: { documentId }, query: { from: a, to: b } })) });
  });
  const restore = useAction(async (v: Version) => {
    if (!window.confirm(t('versions.confirmRestore', { name: versionName(v) }))) return;
    await call(api.documents[':documentId'].versions[':versionId'].restore.$post({ param: { documentId, versionId: v.id } }));
    setNotice(t('versions.restored'));
    versions.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const submitCompare = (e: FormEvent) => {
    e.preventDefault();
    if (from) void compare.run(from, to);
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
          <button type="submit" className="primary" disabled={save.busy}>
            {t('versions.save')}
          </button>
        </form>
      )}
      <output aria-live="polite">{notice}</output>
      <ErrorMessage error={save.error ?? view.error ?? compare.error ?? restore.error} />
      {list.length === 0 ? (
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
                <button type="button" className="link" onClick={() => void view.run(v)}>
                  {t('versions.view')}
                </button>
                <button type="button" className="link" onClick={() => void compare.run(v.id, 'current')}>
                  {t('versions.compare')}
                </button>
                {canEdit && (
                  <button type="button" className="link" onClick={() => void restore.run(v)}>
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
        <div className="version-view" role="region" aria-label={shown.kind === 'view' ? t('versions.viewing', { name: shown.name }) : t('versions.heading')}>
          <div className="row">
            <strong>
              {shown.kind === 'view'
                ? t('versions.viewing', { name: shown.name })
                : t('versions.comparing', { from: label(shown.comparison.from.id ?? 'current'), to: label(shown.comparison.to.id ?? 'current') })}
            </strong>
            <button type="button" onClick={() => setShown(null)}>
              {t('versions.close')}
            </button>
          </div>
          {shown.kind === 'compare' && (
            <p className="muted" data-testid="diff-summary">
              {t('versions.changes', { added: shown.comparison.added, removed: shown.comparison.removed })}
            </p>
          )}
          <StaticDocument
            doc={shown.kind === 'view' ? shown.doc : shown.comparison.doc}
            label={shown.kind === 'view' ? shown.name : t('versions.heading')}
          />
        </div>
      )}
    </section>
  );
}
