import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CollabSession } from '../editor/use-collab-session';
import { keys } from './queries';

/**
 * The document's socket tells us when its comments, its meeting, its lesson or this person's
 * access changed (and, after a reconnect, that anything may have): the reads that show them are
 * fetched again.
 */
export function useLiveNotices(session: CollabSession | null, documentId: string, teamId: string | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (!session) return;
    const onComments = () => {
      void client.invalidateQueries({ queryKey: [...keys.document(documentId), 'threads'] });
      void client.invalidateQueries({ queryKey: keys.inbox });
      if (teamId) void client.invalidateQueries({ queryKey: keys.team(teamId) });
    };
    const onMeeting = () => void client.invalidateQueries({ queryKey: [...keys.document(documentId), 'meeting'] });
    const onLesson = () => void client.invalidateQueries({ queryKey: [...keys.document(documentId), 'lesson'] });
    const onPermission = () => {
      void client.invalidateQueries({ queryKey: keys.document(documentId) });
      if (teamId) void client.invalidateQueries({ queryKey: keys.team(teamId) });
      void client.invalidateQueries({ queryKey: keys.me });
    };
    const handlers = { change: onComments, meeting: onMeeting, lesson: onLesson, permission: onPermission };
    for (const [name, handler] of Object.entries(handlers)) session.events.addEventListener(name, handler);
    // Synced before we listened: the "anything may have changed" notice went unheard; read again.
    if (session.provider.synced) {
      onComments();
      onMeeting();
    }
    return () => {
      for (const [name, handler] of Object.entries(handlers)) session.events.removeEventListener(name, handler);
    };
  }, [client, session, documentId, teamId]);
}
