import type { Editor } from '@tiptap/core';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import { documentKindLabels } from '../../shared/document-kinds';
import type { DocumentDetail } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useLiveNotices } from '../api/live';
import { useApiMutation } from '../api/mutation';
import { cycleQuery, documentQuery, keys, membersQuery, sinceQuery, teamQuery } from '../api/queries';
import { colorFor, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { NotFoundPage, PageTitle } from '../app/PageStates';
import { CommentsPanel } from '../comments/CommentsPanel';
import { anchorFromSelection, type PendingAnchor } from '../comments/selection';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { CollabEditor } from '../editor/CollabEditor';
import { PresenceList } from '../editor/PresenceList';
import { changedSections } from '../editor/review-decorations';
import { SyncStatus } from '../editor/SyncStatus';
import { type CollabSession, useCollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';
import { FindingLinker } from '../meeting/FindingLinker';
import { EvidencePicker, MeetingPanel } from '../meeting/MeetingPanel';
import { VersionsPanel } from '../versions/VersionsPanel';

const route = getRouteApi('/documents/$documentId');

export function DocumentPage() {
  const { documentId } = route.useParams();
  const row = route.useSearch({ select: (s) => s.row });
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const doc = useSuspenseQuery(documentQuery(documentId)).data;
  const team = useSuspenseQuery(teamQuery(doc.teamId)).data;
  const cycle = useQuery({ ...cycleQuery(doc.cycleId ?? ''), enabled: doc.cycleId !== null });
  const members = useQuery(membersQuery(doc.teamId));
  const live = useCollabSession(documentId, identity);
  useLiveNotices(live.session, documentId, doc.teamId);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [pending, setPending] = useState<PendingAnchor | null>(null);
  const [panel, setPanel] = useState<'comments' | 'versions' | 'evidence'>('comments');
  const me = { id: user.id, role: team.role };
  const canSeeNotes = team.role === 'leader' || team.role === 'member';
  useHighlightRow(editor, row);

  if (live.status === 'not_found') return <NotFoundPage message={t('page.notFoundApi')} />;
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
        {' / '}
        <Link to="/teams/$teamId" params={{ teamId: team.id }}>
          {team.name}
        </Link>
        {cycle.data && (
          <>
            {' / '}
            <Link to="/cycles/$cycleId" params={{ cycleId: cycle.data.cycle.id }}>
              {cycle.data.cycle.title}
            </Link>
          </>
        )}
      </nav>
      <header className="doc-header">
        <div>
          <PageTitle>{doc.title}</PageTitle>
          <p className="muted">
            {pick(documentKindLabels[doc.kind])}
            {doc.round ? ` · ${t('document.round', { round: doc.round })}` : ''}
            {doc.derivedFrom && doc.round ? (
              <>
                {' · '}
                <Link to="/documents/$documentId" params={{ documentId: doc.derivedFrom }}>
                  {t('cycle.derivedFrom', { round: doc.round - 1 })}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="doc-meta">
          <SyncStatus status={live.status} unsaved={live.unsaved} />
          <PresenceList presence={live.presence} />
        </div>
      </header>
      <DocumentTools doc={doc} editor={editor} canSeeNotes={canSeeNotes} />
      {doc.kind === 'reflection' && live.session && (
        <MeetingPanel documentId={documentId} editor={editor} canEdit={doc.access === 'edit'} me={me} members={members.data ?? []} />
      )}
      {live.session && <SinceLastVisit documentId={documentId} session={live.session} editor={editor} synced={live.status === 'saved' || live.status === 'saving'} />}
      {doc.access !== 'edit' && (
        <p className="notice" role="note">
          {t('document.readOnlyNotice')}
        </p>
      )}
      <div className="document-layout">
        <div className="document-main">
          {live.session && (
            <CollabEditor
              session={live.session}
              user={identity}
              editable={doc.access === 'edit'}
              onReady={setEditor}
              onComment={doc.access === 'read' ? undefined : () => editor && setPending(anchorFromSelection(editor))}
            />
          )}
        </div>
        {live.session && (
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
                  teamId={doc.teamId}
                  session={live.session}
                  editor={editor}
                  access={doc.access}
                  members={members.data ?? []}
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
  const since = useQuery(sinceQuery(documentId));
  const recorded = useRef(false);
  const [sections, setSections] = useState<string[] | null>(null);
  const stateVector = since.data?.stateVector;
  const sv = useMemo(() => (stateVector ? Y.decodeStateVector(Uint8Array.from(atob(stateVector), (c) => c.charCodeAt(0))) : null), [stateVector]);
  useEffect(() => {
    const visit = () => call(api.documents[':documentId'].visit.$post({ param: { documentId } }, { init: { keepalive: true } })).catch(() => undefined);
    if (since.isSuccess && !recorded.current) {
      recorded.current = true;
      void visit();
    }
  }, [since.isSuccess, documentId]);
  useEffect(
    () => () => void call(api.documents[':documentId'].visit.$post({ param: { documentId } }, { init: { keepalive: true } })).catch(() => undefined),
    [documentId],
  );
  useEffect(() => {
    if (sv && editor) editor.commands.setReview({ since: sv });
  }, [sv, editor]);
  useEffect(() => {
    if (sv && synced) setSections(changedSections(session.ydoc, sv));
  }, [sv, synced, session]);
  if (!since.data?.visitedAt) return null;
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
function useHighlightRow(editor: Editor | null, row: number | undefined) {
  useEffect(() => {
    if (!editor || row === undefined) return;
    const timer = setTimeout(() => {
      const tr = editor.view.dom.querySelectorAll('table')[0]?.querySelectorAll('tr')[row + 1];
      if (!tr) return;
      tr.scrollIntoView({ block: 'center' });
      tr.classList.add('flash');
      setTimeout(() => tr.classList.remove('flash'), 4000);
    }, 600);
    return () => clearTimeout(timer);
  }, [editor, row]);
}

function DocumentTools({ doc, editor, canSeeNotes }: { doc: DocumentDetail; editor: Editor | null; canSeeNotes: boolean }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(doc.tags);
  const save = useApiMutation(() => call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json: { tags } })), {
    invalidate: [keys.document(doc.id), keys.team(doc.teamId)],
    onSuccess: () => setEditing(false),
  });
  return (
    <div className="doc-tools">
      <div className="doc-tags">
        {editing ? (
          <>
            <TagPicker value={tags} onChange={setTags} />
            <ErrorMessage error={save.error} />
            <FormActions busy={save.isPending} onCancel={() => setEditing(false)} onSave={() => save.mutate()} />
          </>
        ) : (
          <>
            <TagList tags={doc.tags} />
            {doc.access === 'edit' && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  setTags(doc.tags);
                  setEditing(true);
                }}
              >
                {t('tags.label')}: {t('common.edit')}
              </button>
            )}
          </>
        )}
      </div>
      <div className="row">
        {doc.kind === 'lesson_plan' && canSeeNotes && (
          <>
            <Link className="button primary-outline" to="/documents/$documentId/observe" params={{ documentId: doc.id }}>
              {t('observe.open')}
            </Link>
            <Link className="button" to="/documents/$documentId/timeline" params={{ documentId: doc.id }}>
              {t('observe.timeline')}
            </Link>
          </>
        )}
        {doc.kind === 'lesson_plan' && doc.access === 'edit' && editor && <FindingLinker documentId={doc.id} editor={editor} />}
        <a className="button" href={`/api/documents/${doc.id}/export.docx?locale=${locale}`} download>
          {t('document.export')}
        </a>
        <Link className="button" to="/documents/$documentId/print" params={{ documentId: doc.id }}>
          {t('document.print')}
        </Link>
      </div>
    </div>
  );
}
