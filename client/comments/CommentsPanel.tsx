import type { Editor } from '@tiptap/core';
import { type QueryKey, useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import { Limits } from '../../shared/limits';
import type { DocumentCan } from '../../shared/schemas/documents';
import type { Member } from '../../shared/schemas/members';
import type { Thread } from '../../shared/schemas/comments';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, mentionableQuery, threadsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import type { CollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';
import { anchoredRanges } from './anchors';
import { MentionInput, type Person } from './MentionInput';

const noPeople: Person[] = [];
import type { PendingAnchor } from './selection';

interface Props {
  documentId: string;
  teamId: string;
  session: CollabSession;
  editor: Editor | null;
  can: DocumentCan;
  members: Member[];
  me: { id: string; role: string };
  pending: PendingAnchor | null;
  onPendingDone(): void;
}

/** The document's comment threads, live: anchored to text, with replies, mentions and resolving. */
export function CommentsPanel({ documentId, teamId, session, editor, can, members, me, pending, onPendingDone }: Props) {
  const { t } = useI18n();
  const query = useQuery(threadsQuery(documentId));
  const people = useQuery({ ...mentionableQuery(documentId), enabled: can.comment }).data ?? noPeople;
  // Names of everyone a comment may mention (someone who since lost access keeps their name).
  const names = useMemo(() => new Map([...members.map((m) => [m.userId, m.name] as const), ...people.map((p) => [p.id, p.name] as const)]), [members, people]);
  const threads = useMemo(() => query.data ?? [], [query.data]);
  const contentVersion = useContentVersion(session);
  const anchored = useMemo(() => {
    void contentVersion;
    return anchoredRanges(session.ydoc, threads);
  }, [session, threads, contentVersion]);
  const [active, setActive] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const stale: QueryKey[] = [[...keys.document(documentId), 'threads'], keys.team(teamId), keys.inbox];
  const markRead = useApiMutation((threadId: string) => call(api.threads[':threadId'].read.$post({ param: { threadId } })), { invalidate: stale });
  const create = useApiMutation(
    ({ body, mentions }: { body: string; mentions: string[] }) =>
      call(api.documents[':documentId'].threads.$post({ param: { documentId }, json: { ...pending!, body, mentions } })),
    {
      invalidate: stale,
      onSuccess: (thread) => {
        onPendingDone();
        setActive(thread.id);
      },
    },
  );

  // Show the ranges in the editor; keep them following the text.
  useEffect(() => {
    editor?.commands.setReview({
      threads: threads.map((th) => ({ id: th.id, anchorStart: th.anchorStart, anchorEnd: th.anchorEnd, resolved: th.resolvedAt !== null })),
      activeThreadId: active,
    });
  }, [editor, threads, active]);

  useEffect(() => {
    // Not before its view is mounted: Tiptap throws on `view.dom` then (a remount after a refused edit).
    const dom = editor && !editor.isDestroyed ? editor.view.dom : null;
    if (!dom) return;
    const onClick = (e: Event) => focus((e as CustomEvent<string>).detail);
    dom.addEventListener('comment-anchor-click', onClick);
    return () => dom.removeEventListener('comment-anchor-click', onClick);
  });

  const focus = (threadId: string) => {
    setActive(threadId);
    const thread = threads.find((th) => th.id === threadId);
    if (thread?.unread) markRead.mutate(threadId);
    document.getElementById(`thread-${threadId}`)?.scrollIntoView({ block: 'nearest' });
  };

  const open = threads.filter((th) => th.resolvedAt === null);
  const resolved = threads.filter((th) => th.resolvedAt !== null);
  const canComment = can.comment;
  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('comments.heading')}</h2>
      <p className="hint">{canComment ? t('comments.addHelp') : t('comments.live')}</p>
      <ErrorMessage error={query.error ?? markRead.error} />
      {pending && canComment && (
        <Composer people={people} quote={pending.quote} onCancel={onPendingDone} onSubmit={(body, mentions) => create.mutateAsync({ body, mentions })} />
      )}
      {query.isPending && <p role="status">{t('common.loading')}</p>}
      {query.isSuccess && open.length === 0 && !pending && <p className="muted">{t('comments.none')}</p>}
      <ol className="threads">
        {[...open, ...(showResolved ? resolved : [])].map((thread) => (
          <ThreadView
            key={thread.id}
            thread={thread}
            active={thread.id === active}
            // Only what the document shows as gone is "deleted"; a range not yet resolvable is not.
            orphaned={anchored.get(thread.id)?.orphaned ?? false}
            canComment={canComment}
            canResolve={can.resolveThreads || thread.createdBy === me.id}
            canModerate={can.moderateComments}
            me={me}
            people={people}
            names={names}
            onFocus={() => focus(thread.id)}
            stale={stale}
          />
        ))}
      </ol>
      {resolved.length > 0 && (
        <button type="button" className="link" onClick={() => setShowResolved(!showResolved)}>
          {showResolved ? t('comments.hideResolved') : t('comments.showResolved', { count: resolved.length })}
        </button>
      )}
    </section>
  );
}

function ThreadView({
  thread,
  active,
  orphaned,
  canComment,
  canResolve,
  canModerate,
  me,
  people,
  names,
  onFocus,
  stale,
}: {
  thread: Thread;
  active: boolean;
  orphaned: boolean;
  canComment: boolean;
  canResolve: boolean;
  canModerate: boolean;
  me: { id: string; role: string };
  people: Person[];
  names: Map<string, string>;
  onFocus(): void;
  stale: QueryKey[];
}) {
  const { t, formatDateTime } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [replying, setReplying] = useState(false);
  const threadId = thread.id;
  const resolve = useApiMutation(
    () => call(api.threads[':threadId'].resolve.$post({ param: { threadId }, json: { resolved: thread.resolvedAt === null } })),
    { invalidate: stale },
  );
  const remove = useApiMutation((commentId: string) => call(api.threads[':threadId'].comments[':commentId'].$delete({ param: { threadId, commentId } })), {
    invalidate: stale,
  });
  const edit = useApiMutation(
    ({ commentId, body, mentions }: { commentId: string; body: string; mentions: string[] }) =>
      call(api.threads[':threadId'].comments[':commentId'].$patch({ param: { threadId, commentId }, json: { body, mentions } })),
    { invalidate: stale, onSuccess: () => setEditing(null) },
  );
  const reply = useApiMutation(
    ({ body, mentions }: { body: string; mentions: string[] }) => call(api.threads[':threadId'].comments.$post({ param: { threadId }, json: { body, mentions } })),
    { invalidate: stale },
  );
  return (
    <li
      id={`thread-${thread.id}`}
      className={`thread${active ? ' active' : ''}${thread.resolvedAt ? ' resolved' : ''}`}
      data-thread-id={thread.id}
    >
      <button type="button" className="thread-quote" onClick={onFocus} aria-expanded={active}>
        {thread.unread && <span className="badge new">{t('comments.new')}</span>}{' '}
        {orphaned ? <em>{t('comments.orphaned')}: </em> : null}
        {t('comments.quote', { quote: thread.quote.length > 80 ? `${thread.quote.slice(0, 80)}…` : thread.quote })}
      </button>
      <ul className="comment-list">
        {thread.comments.map((c) => (
          <li key={c.id} className="comment">
            <div className="comment-meta">
              <strong>{c.authorName}</strong> <span className="muted small">{formatDateTime(c.createdAt)}</span>{' '}
              {c.editedAt && !c.deleted && <span className="muted small">{t('comments.edited')}</span>}
            </div>
            {c.deleted ? (
              <p className="muted">{t('comments.deleted')}</p>
            ) : editing === c.id ? (
              <Composer
                people={people}
                initial={c.body}
                initialMentions={c.mentions}
                onCancel={() => setEditing(null)}
                onSubmit={(body, mentions) => edit.mutateAsync({ commentId: c.id, body, mentions })}
              />
            ) : (
              <p className="comment-body">{renderMentions(c.body, c.mentions.map((id) => names.get(id) ?? ''))}</p>
            )}
            {!c.deleted && editing !== c.id && (c.authorId === me.id || canModerate) && (
              <div className="row small">
                {c.authorId === me.id && (
                  <button type="button" className="link" onClick={() => setEditing(c.id)}>
                    {t('comments.edit')}
                  </button>
                )}
                <button
                  type="button"
                  className="link"
                  onClick={() => window.confirm(t('comments.confirmDelete')) && remove.mutate(c.id)}
                  disabled={remove.isPending}
                >
                  {t('comments.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {thread.resolvedAt && thread.resolvedByName && <p className="muted small">{t('comments.resolvedBy', { name: thread.resolvedByName })}</p>}
      <ErrorMessage error={resolve.error ?? remove.error} />
      {active && canComment && !thread.resolvedAt && (
        <Composer people={people} reply focusNow={replying} onSubmit={(body, mentions) => reply.mutateAsync({ body, mentions })} />
      )}
      <div className="row small">
        {!active && canComment && !thread.resolvedAt && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setReplying(true);
              onFocus();
            }}
          >
            {t('comments.reply')}
          </button>
        )}
        {canResolve && (
          <button type="button" className="link" onClick={() => resolve.mutate()} disabled={resolve.isPending}>
            {thread.resolvedAt ? t('comments.reopen') : t('comments.resolve')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The comment's text with each mention of a person ("@Ingrid Utdanner", whole name) marked. */
function renderMentions(body: string, names: string[]) {
  const known = [...new Set(names.filter(Boolean))].toSorted((a, b) => b.length - a.length);
  if (known.length === 0) return body;
  const pattern = new RegExp(`(@(?:${known.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`, 'u');
  return body.split(pattern).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="mention">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

/** Changes whenever the document's content does (at most every 300 ms), to re-check anchors. */
function useContentVersion(session: CollabSession): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onUpdate = () => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 300);
    };
    session.ydoc.on('update', onUpdate);
    return () => {
      session.ydoc.off('update', onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [session]);
  return version;
}

function Composer({
  people,
  quote,
  reply,
  initial = '',
  initialMentions = [],
  onSubmit,
  onCancel,
  focusNow = false,
}: {
  /** Who may be mentioned: the people who can see the document. */
  people: Person[];
  quote?: string;
  reply?: boolean;
  /** Take the focus when it appears (a reply someone asked to write). */
  focusNow?: boolean;
  initial?: string;
  initialMentions?: string[];
  onSubmit(body: string, mentions: string[]): Promise<unknown>;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const [body, setBody] = useState(initial);
  const [mentions, setMentions] = useState<Person[]>(() => people.filter((p) => initialMentions.includes(p.id)));
  // Only mentions whose name is still in the text count.
  const send = useApiMutation(() => onSubmit(body.trim(), mentions.filter((p) => body.includes(`@${p.name}`)).map((p) => p.id)), {
    onSuccess: () => {
      setBody('');
      setMentions([]);
    },
  });
  const submit = () => {
    if (body.trim()) send.mutate();
  };
  const sendOnCtrlEnter = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };
  return (
    <Form className="composer stack" onSubmit={submit}>
      {quote && <p className="quote">{t('comments.quote', { quote })}</p>}
      <label>
        <span className="visually-hidden">{reply ? t('comments.reply') : t('comments.heading')}</span>
        <MentionInput
          value={body}
          onValue={setBody}
          people={people}
          onMention={(person) => setMentions((m) => (m.some((p) => p.id === person.id) ? m : [...m, person]))}
          rows={reply ? 2 : 3}
          maxLength={Limits.comment.max}
          placeholder={reply ? t('comments.replyPlaceholder') : t('comments.placeholder')}
          onKeyDown={sendOnCtrlEnter}
          aria-describedby={hintId}
          autoFocus={!reply || focusNow}
        />
      </label>
      <span id={hintId} className="hint">
        {t('comments.sendHint')}
      </span>
      <div className="row">
        <button type="submit" className="primary" disabled={send.isPending || !body.trim()}>
          {reply ? t('comments.reply') : t('comments.submit')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      <ErrorMessage error={send.error} />
    </Form>
  );
}
