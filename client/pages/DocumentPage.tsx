import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import { documentKindLabels } from '../../shared/document-kinds';
import type { DocumentDetail } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { colorFor, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useAction } from '../app/use-action';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { CommentsPanel } from '../comments/CommentsPanel';
import { anchorFromSelection, type PendingAnchor } from '../comments/selection';
import { CollabEditor } from '../editor/CollabEditor';
import { changedSections } from '../editor/review-decorations';
import { PresenceList } from '../editor/PresenceList';
import { SyncStatus } from '../editor/SyncStatus';
import { type CollabSession, useCollabSession } from '../editor/use-collab-session';
import { VersionsPanel } from '../versions/VersionsPanel';
import { EvidencePicker, MeetingPanel } from '../meeting/MeetingPanel';
import { FindingLinker } from '../meeting/FindingLinker';
import { useI18n } from '../i18n';

export function DocumentPage({ documentId, print = false }: { documentId: string; print?: boolean }) {
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const meta = useQuery(documentId, async () => {
    const doc = await call(api.documents[':documentId'].$get({ param: { documentId } }));
    const [cycle, members] = await Promise.all([
      doc.cycleId ? call(api.cycles[':cycleId'].$get({ param: { cycleId: doc.cycleId } })).catch(() => null) : null,
      call(api.teams[':teamId'].members.$get({ param: { teamId: doc.teamId } })).catch(() => ({ members: [] })),
    ]);
    return { doc, cycle: cycle?.cycle ?? null, members: members.members };
  });
  const live = useCollabSession(documentId, identity);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [pending, setPending] = useState<PendingAnchor | null>(null);
  const [panel, setPanel] = useState<'comments' | 'versions' | 'evidence'>('comments');
  const me = { id: user.id, role: meta.status === 'ready' ? (meta.data.members.find((m) => m.userId === user.id)?.role ?? 'viewer') : 'viewer' };
  const canSeeNotes = me.role === 'leader' || me.role === 'member';
  useHighlightRow(editor);

  if (meta.status === 'error' || live.status === 'not_found') {
    return (
      <main id="main" className="page">
        <p role="alert">{t('document.notFound')}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const doc = meta.status === 'ready' ? meta.data.doc : null;
  const cycle = meta.status === 'ready' ? meta.data.cycle : null;
  if (print) {
    return (
      <main id="main" className="page print-page">
        <div className="no-print row">
          <Link href={`/documents/${documentId}`}>{t('common.back')}</Link>
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('document.printNow')}
          </button>
        </div>
        <h1>{doc?.title ?? t('common.loading')}</h1>
        {doc && <p className="muted">{pick(documentKindLabels[doc.kind])}</p>}
        {live.session && doc && <CollabEditor session={live.session} user={identity} editable={false} />}
      </main>
    );
  }
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
        {doc && (
          <>
            {' / '}
            <Link href={`/teams/${doc.teamId}`}>{t('team.documents')}</Link>
          </>
        )}
        {cycle && (
          <>
            {' / '}
            <Link href={`/cycles/${cycle.id}`}>{cycle.title}</Link>
          </>
        )}
      </nav>
      <header className="doc-header">
        <div>
          <h1>{doc?.title ?? t('common.loading')}</h1>
          {doc && (
            <p className="muted">
              {pick(documentKindLabels[doc.kind])}
              {doc.round ? ` · ${t('document.round', { round: doc.round })}` : ''}
              {doc.derivedFrom && doc.round ? (
                <>
                  {' · '}
                  <Link href={`/documents/${doc.derivedFrom}`}>{t('cycle.derivedFrom', { round: doc.round - 1 })}</Link>
                </>
              ) : null}
            </p>
          )}
        </div>
        <div className="doc-meta">
          <SyncStatus status={live.status} unsaved={live.unsaved} />
          <PresenceList presence={live.presence} />
        </div>
      </header>
      {doc && <DocumentTools doc={doc} onSaved={meta.reload} editor={editor} canSeeNotes={canSeeNotes} />}
      {doc?.kind === 'reflection' && live.session && meta.status === 'ready' && (
        <MeetingPanel
          documentId={documentId}
          session={live.session}
          editor={editor}
          canEdit={doc.access === 'edit'}
          me={me}
          members={meta.data.members}
        />
      )}
      {doc && live.session && <SinceLastVisit documentId={documentId} session={live.session} editor={editor} synced={live.status === 'saved' || live.status === 'saving'} />}
      {doc && doc.access !== 'edit' && (
        <p className="notice" role="note">
          {t('document.readOnlyNotice')}
        </p>
      )}
      <div className="document-layout">
        <div className="document-main">
          {live.session && doc && (
            <CollabEditor
              session={live.session}
              user={identity}
              editable={doc.access === 'edit'}
              onReady={setEditor}
              onComment={doc.access === 'read' ? undefined : () => editor && setPending(anchorFromSelection(editor))}
            />
          )}
        </div>
        {doc && live.session && meta.status === 'ready' && (
          <aside className="document-side" aria-label={t('document.panels')}>
            <div className="tabs" role="tablist">
              <button type="button" role="tab" aria-selected={panel === 'comments'} onClick={() => setPanel('comments')}>
                {t('comments.heading')}
              </button>
              <button type="button" role="tab" aria-selected={panel === 'versions'} onClick={() => setPanel('versions')}>
                {t('versions.heading')}
              </button>
              {doc.kind === 'reflection' && canSeeNotes && (
                <button type="button" role="tab" aria-selected={panel === 'evidence'} onClick={() => setPanel('evidence')}>
                  {t('meeting.evidenceTab')}
                </button>
              )}
            </div>
            <div role="tabpanel">
              {panel === 'comments' ? (
                <CommentsPanel
                  documentId={documentId}
                  session={live.session}
                  editor={editor}
                  access={doc.access}
                  members={meta.data.members}
                  me={me}
                  pending={pending}
                  onPendingDone={() => setPending(null)}
                />
              ) : panel === 'evidence' ? (
                <EvidencePicker documentId={documentId} editor={editor} />
              ) : (
                <VersionsPanel documentId={documentId} canEdit={doc.access === 'edit'} />
              )}
            </div>
          </aside>
        )}
      </div>
    </main>
  );
}

/**
 * What is new since this reader last had the document open: a short summary, and the new
 * content marked in the editor. The visit is recorded on arrival and again on leaving.
 */
function SinceLastVisit({ documentId, session, editor, synced }: { documentId: string; session: CollabSession; editor: Editor | null; synced: boolean }) {
  const { t, formatDateTime } = useI18n();
  const since = useQuery(`since:${documentId}`, () => call(api.documents[':documentId'].since.$get({ param: { documentId } })));
  const recorded = useRef(false);
  const [sections, setSections] = useState<string[] | null>(null);
  const sv = useMemo(
    () =>
      since.status === 'ready' && since.data.stateVector
        ? Y.decodeStateVector(Uint8Array.from(atob(since.data.stateVector), (c) => c.charCodeAt(0)))
        : null,
    [since],
  );
  const visit = useCallback(
    () => call(api.documents[':documentId'].visit.$post({ param: { documentId } }, { init: { keepalive: true } })).catch(() => undefined),
    [documentId],
  );
  useEffect(() => {
    if (since.status !== 'ready' || recorded.current) return;
    recorded.current = true;
    void visit();
  }, [since.status, visit]);
  useEffect(() => () => void visit(), [visit]);
  useEffect(() => {
    if (sv && editor) editor.commands.setReview({ since: sv });
  }, [sv, editor]);
  useEffect(() => {
    if (sv && synced) setSections(changedSections(session.ydoc, sv));
  }, [sv, synced, session]);
  if (since.status !== 'ready' || !since.data.visitedAt) return null;
  const d = since.data;
  const parts = [
    d.newThreads > 0 ? t('since.newThreads', { count: d.newThreads }) : null,
    d.threadsWithNewReplies > 0 ? t('since.newReplies', { count: d.threadsWithNewReplies }) : null,
    sections && sections.length > 0 ? t('since.sections', { sections: sections.join(', ') }) : sections ? t('since.noChanges') : null,
  ].filter(Boolean);
  return (
    <p className="since-visit" data-testid="since-visit">
      <strong>{t('since.banner', { date: formatDateTime(d.visitedAt!) })}</strong> {parts.join(' · ')}
      {sections && sections.length > 0 ? ` ${t('since.highlight')}` : ''}
    </p>
  );
}

/** `?row=N` (from an evidence card) scrolls to step N of the plan's lesson-flow table and flashes it. */
function useHighlightRow(editor: Editor | null) {
  useEffect(() => {
    const row = new URLSearchParams(window.location.search).get('row');
    if (!editor || row === null || row === '') return;
    const timer = setTimeout(() => {
      const tr = editor.view.dom.querySelectorAll('table')[0]?.querySelectorAll('tr')[Number(row) + 1];
      if (!tr) return;
      tr.scrollIntoView({ block: 'center' });
      tr.classList.add('flash');
      setTimeout(() => tr.classList.remove('flash'), 4000);
    }, 600);
    return () => clearTimeout(timer);
  }, [editor]);
}

function DocumentTools({ doc, onSaved, editor, canSeeNotes }: { doc: DocumentDetail; onSaved(): void; editor: Editor | null; canSeeNotes: boolean }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(doc.tags);
  const save = useAction(async () => {
    await call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json: { tags } }));
    setEditing(false);
    onSaved();
  });
  return (
    <div className="doc-tools">
      <div className="doc-tags">
        {editing ? (
          <>
            <TagPicker value={tags} onChange={setTags} />
            <ErrorMessage error={save.error} />
            <FormActions busy={save.busy} onCancel={() => setEditing(false)} onSave={() => void save.run()} />
          </>
        ) : (
          <>
            <TagList tags={doc.tags} />
            {doc.access === 'edit' && (
              <button type="button" className="link" onClick={() => setEditing(true)}>
                {t('tags.label')}: {t('common.edit')}
              </button>
            )}
          </>
        )}
      </div>
      <div className="row">
        {doc.kind === 'lesson_plan' && canSeeNotes && (
          <>
            <Link className="button primary-outline" href={`/documents/${doc.id}/observe`}>
              {t('observe.open')}
            </Link>
            <Link className="button" href={`/documents/${doc.id}/timeline`}>
              {t('observe.timeline')}
            </Link>
          </>
        )}
        {doc.kind === 'lesson_plan' && doc.access === 'edit' && editor && <FindingLinker documentId={doc.id} editor={editor} />}
        <a className="button" href={`/api/documents/${doc.id}/export.docx?locale=${locale}`} download>
          {t('document.export')}
        </a>
        <Link className="button" href={`/documents/${doc.id}/print`}>
          {t('document.print')}
        </Link>
      </div>
    </div>
  );
}
