import type { Editor } from '@tiptap/core';
import { BlockNode } from '../../shared/blocks/names';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import { documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
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
import { Form } from '../components/Form';
import { FormActions } from '../components/FormActions';
import { TagList, TagPicker } from '../components/Tags';
import { SuggestionsPanel } from '../comments/SuggestionsPanel';
import { CollabEditor } from '../editor/CollabEditor';
import { PresenceList } from '../editor/PresenceList';
import { changedSections } from '../editor/review-decorations';
import { SyncStatus } from '../editor/SyncStatus';
import { type CollabSession, useCollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';
import { FindingLinker } from '../meeting/FindingLinker';
import { EvidencePicker, MeetingPanel } from '../meeting/MeetingPanel';
import { MeetingKinds } from '../../shared/meeting';
import { MeetingLink } from '../meeting/MeetingLink';
import { PublishPanel } from '../library/PublishPanel';
import { ShareDraft } from '../privacy/ShareDraft';
import { VersionsPanel } from '../versions/VersionsPanel';

const route = getRouteApi('/documents/$documentId');

export function DocumentPage() {
  const { documentId } = route.useParams();
  const row = route.useSearch({ select: (s) => s.row });
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const docQuery = useSuspenseQuery(documentQuery(documentId));
  const doc = docQuery.data;
  const team = useSuspenseQuery(teamQuery(doc.teamId)).data;
  const cycle = useQuery({ ...cycleQuery(doc.cycleId ?? ''), enabled: doc.cycleId !== null });
  const members = useQuery(membersQuery(doc.teamId));
  const live = useCollabSession(documentId, identity, doc.can.edit);
  useLiveNotices(live.session, documentId, doc.teamId);
  // The editor of the current session only: after a reset (refused edits) the old one is gone.
  const [mounted, setMounted] = useState<{ session: CollabSession; editor: Editor } | null>(null);
  const editor = mounted && mounted.session === live.session && !mounted.editor.isDestroyed ? mounted.editor : null;
  const onEditorReady = useCallback((e: Editor) => setMounted(live.session ? { session: live.session, editor: e } : null), [live.session]);
  const [pending, setPending] = useState<PendingAnchor | null>(null);
  const [panel, setPanel] = useState<'comments' | 'versions' | 'evidence'>('comments');
  const me = { id: user.id, role: team.role };
  // After the server said this person's access changed, nothing is editable until it is read again.
  // Someone who may only suggest (a guest) types too: every change becomes a suggestion.
  const editable = (doc.can.edit || doc.can.suggest) && !live.refused && docQuery.dataUpdatedAt > live.accessChangedAt;
  const suggester = useMemo(
    () => (doc.can.suggest ? { user: { id: user.id, name: user.name }, forced: !doc.can.edit } : null),
    [doc.can.suggest, doc.can.edit, user.id, user.name],
  );
  useHighlightRow(editor, row);

  if (live.status === 'not_found') return <NotFoundPage message={t('page.notFoundApi')} />;
  if (live.status === 'deleted') return <NotFoundPage message={t('document.deleted')} />;
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
      <ShareDraft doc={doc} />
      {live.refused && (
        <p className="notice warning" role="alert">
          {t('document.refused')}
        </p>
      )}
      {doc.archived && (
        <p className="notice" role="note">
          {t('document.archivedNotice')}
        </p>
      )}
      <DocumentTools doc={doc} editor={editor} />
      {MeetingKinds.includes(doc.kind) && <MeetingLink doc={doc} />}
      <PublishPanel doc={doc} />
      {MeetingKinds.includes(doc.kind) && live.session && (
        <MeetingPanel documentId={documentId} kind={doc.kind} editor={editor} can={doc.can} me={me} members={members.data ?? []} />
      )}
      {live.session && <SinceLastVisit documentId={documentId} session={live.session} editor={editor} synced={live.status === 'saved' || live.status === 'saving'} />}
      {!doc.can.edit && !doc.can.suggest && (
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
              editable={editable}
              onReady={onEditorReady}
              onComment={doc.can.comment ? () => editor && setPending(anchorFromSelection(editor)) : undefined}
              suggester={suggester}
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
              {doc.kind === 'reflection' && doc.can.seeNotes && (
                <button type="button" role="tab" aria-selected={panel === 'evidence'} onClick={() => setPanel('evidence')}>
                  {t('meeting.evidenceTab')}
                </button>
              )}
            </div>
            <div role="tabpanel">
              {panel === 'comments' ? (
                <>
                <SuggestionsPanel editor={editor} canReview={doc.can.reviewSuggestions && editable} />
                <CommentsPanel
                  documentId={documentId}
                  teamId={doc.teamId}
                  session={live.session}
                  editor={editor}
                  can={doc.can}
                  members={members.data ?? []}
                  me={me}
                  pending={pending}
                  onPendingDone={() => setPending(null)}
                />
                </>
              ) : panel === 'evidence' ? (
                <EvidencePicker documentId={documentId} editor={editor} />
              ) : (
                <VersionsPanel documentId={documentId} canEdit={editable && doc.can.edit} />
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
    sections && sections.length > 0 ? t('since.sections', { sections: sections.join(', ') }) : null,
  ].filter(Boolean);
  // Nothing new is no news: no banner for it.
  if (parts.length === 0) return null;
  return (
    <p className="since-visit" data-testid="since-visit">
      <strong>{t('since.banner', { date: formatDateTime(d.visitedAt!) })}</strong> {parts.join(' · ')}
      {sections && sections.length > 0 ? ` ${t('since.highlight')}` : ''}
    </p>
  );
}

/** `?row=N` (from an evidence card) scrolls to step N of the plan's lesson flow and flashes it. */
function useHighlightRow(editor: Editor | null, row: number | undefined) {
  useEffect(() => {
    if (!editor || row === undefined) return;
    const timer = setTimeout(() => {
      if (editor.isDestroyed) return;
      const tr = editor.view.dom.querySelector(`[data-block="${BlockNode.lessonFlow}"]`)?.querySelectorAll(`[data-row="${BlockNode.lessonStep}"]`)[row];
      if (!tr) return;
      tr.scrollIntoView({ block: 'center' });
      tr.classList.add('flash');
      setTimeout(() => tr.classList.remove('flash'), 4000);
    }, 600);
    return () => clearTimeout(timer);
  }, [editor, row]);
}

function DocumentTools({ doc, editor }: { doc: DocumentDetail; editor: Editor | null }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(doc.tags);
  const [saved, setSaved] = useState('');
  const save = useApiMutation(() => call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json: { tags } })), {
    invalidate: [keys.document(doc.id), keys.team(doc.teamId)],
    onSuccess: () => {
      setEditing(false);
      setSaved(t('document.tagsSaved'));
    },
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
            <output aria-live="polite" className="visually-hidden">
              {saved}
            </output>
            {doc.can.edit && (
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
        {doc.kind === 'lesson_plan' && doc.can.observe && (
          <Link className="button primary-outline" to="/documents/$documentId/observe" params={{ documentId: doc.id }}>
            {t('observe.open')}
          </Link>
        )}
        {doc.kind === 'lesson_plan' && doc.can.seeNotes && (
          <Link className="button" to="/documents/$documentId/timeline" params={{ documentId: doc.id }}>
            {t('observe.timeline')}
          </Link>
        )}
        {doc.kind === 'lesson_plan' && doc.can.edit && editor && <FindingLinker documentId={doc.id} editor={editor} />}
        {doc.kind === 'lesson_plan' && (doc.round ?? 1) > 1 && (
          <Link className="button" to="/documents/$documentId/rounds" params={{ documentId: doc.id }}>
            {t('rounds.open')}
          </Link>
        )}
        <a className="button" href={`/api/documents/${doc.id}/export.docx?locale=${locale}`} download>
          {t('document.export')}
        </a>
        <a className="button" href={`/api/documents/${doc.id}/export.docx?locale=${locale}&suggestions=with`} download>
          {t('document.exportWithSuggestions')}
        </a>
        <Link className="button" to="/documents/$documentId/print" params={{ documentId: doc.id }}>
          {t('document.print')}
        </Link>
        <DocumentMenu doc={doc} />
      </div>
    </div>
  );
}

/** Rename, archive or delete the document: offered as far as the server says this person may. */
function DocumentMenu({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(doc.title);
  const [notice, setNotice] = useState('');
  const stale = [keys.document(doc.id), keys.team(doc.teamId), ...(doc.cycleId ? [keys.cycle(doc.cycleId)] : [])];
  const change = useApiMutation(
    (json: { title?: string; archived?: boolean }) => call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json })),
    {
      invalidate: stale,
      onSuccess: (_doc, json) => {
        setRenaming(false);
        setNotice(json.title ? t('document.renamed') : json.archived ? t('document.archived') : t('document.unarchived'));
      },
    },
  );
  const remove = useApiMutation(() => call(api.documents[':documentId'].$delete({ param: { documentId: doc.id } })), {
    onSuccess: async () => {
      await navigate({ to: '/teams/$teamId/documents', params: { teamId: doc.teamId }, search: { deleted: doc.title } });
    },
  });
  if (!doc.can.edit && !doc.can.archive && !doc.can.delete) return null;
  return (
    <details className="document-menu">
      <summary>{t('document.actions')}</summary>
      <div className="stack">
        {doc.can.edit &&
          (renaming ? (
            <Form onSubmit={() => change.mutate({ title })} className="inline-form">
              <label>
                {t('document.renameLabel')}
                <input required maxLength={Limits.documentTitle.max} value={title} onChange={(e) => setTitle(e.target.value)} />
              </label>
              <FormActions busy={change.isPending} onCancel={() => setRenaming(false)} />
            </Form>
          ) : (
            <button
              type="button"
              onClick={() => {
                setTitle(doc.title);
                setRenaming(true);
              }}
            >
              {t('document.rename')}
            </button>
          ))}
        {doc.can.archive && (
          <button type="button" disabled={change.isPending} onClick={() => change.mutate({ archived: !doc.archived })}>
            {doc.archived ? t('document.unarchive') : t('document.archive')}
          </button>
        )}
        {doc.can.delete && (
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => window.confirm(t('document.confirmDelete', { title: doc.title })) && remove.mutate()}
          >
            {t('document.delete')}
          </button>
        )}
        <output aria-live="polite">{notice}</output>
        <ErrorMessage error={change.error ?? remove.error} />
      </div>
    </details>
  );
}
