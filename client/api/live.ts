import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CollabSession } from '../editor/use-collab-session';
import { keys } from './queries';

/**
 * The document's socket tells us when its comments or its meeting changed (and, after a
 * reconnect, that anything may have): the reads that show them are fetched again.
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
    session.events.addEventListener('change', onComments);
    session.events.addEventListener('meeting', onMeeting);
    return () => {
      session.events.removeEventListener('change', onComments);
      session.events.removeEventListener('meeting', onMeeting);
    };
  }, [client, session, documentId, teamId]);
}
