import { z } from 'zod';
import { Limits } from '../limits';
import type { Role } from '../roles';
import type { CycleSummary } from './cycles';
import type { DocumentSummary } from './documents';
import type { PublishedSummary } from './library';
import type { Task } from './tasks';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

export const createTeamBody = z
  .strictObject({
    name: trimmed(Limits.teamName.min, Limits.teamName.max),
    school: trimmed(Limits.schoolName.min, Limits.schoolName.max).optional(),
    /** Instead of `school`: a school unit the person's Feide sign-in vouches for (GET /api/account). */
    orgUnitId: z.string().min(1).max(200).optional(),
  })
  .refine((b) => (b.school === undefined) !== (b.orgUnitId === undefined), { message: 'Give either school or orgUnitId', path: ['school'] });
export type CreateTeamBody = z.infer<typeof createTeamBody>;

/** What the caller may do in a team, decided by the server's policy module. */
export interface TeamCan {
  /** Change the team's name, focus and settings. */
  manage: boolean;
  manageMembers: boolean;
  invite: boolean;
  createDocuments: boolean;
  /** Change cycles: phase, title, next round. */
  editCycles: boolean;
  /** Read the raw observation notes of the team's lessons. */
  seeNotes: boolean;
  /** Take out the team's data (export), and delete cycles or the team. */
  exportData: boolean;
  deleteData: boolean;
  /** Set how long raw observation notes are kept, and hear when they are about to go. */
  manageRetention: boolean;
  readAudit: boolean;
}

export interface Team {
  id: string;
  name: string;
  school: { id: string; name: string };
  /** The caller's role in this team. */
  role: Role;
  /** Research theme and focus areas the team works on. */
  focus: string;
  focusTags: string[];
  /** Team setting: whether guests and viewers see members' e-mail addresses. */
  memberEmailsVisibleToGuests: boolean;
  createdAt: string;
  can: TeamCan;
}

export const updateTeamBody = z
  .strictObject({
    name: trimmed(Limits.teamName.min, Limits.teamName.max),
    focus: z.string().trim().max(Limits.focus.max),
    focusTags: z.array(z.string().trim().min(1).max(Limits.tag.max)).max(Limits.tag.maxPerItem),
    memberEmailsVisibleToGuests: z.boolean(),
  })
  .partial();
export type UpdateTeamBody = z.infer<typeof updateTeamBody>;

export interface TeamActivity {
  since: string;
  documents: Array<DocumentSummary & { editorName: string | null; isNew: boolean }>;
  cycles: Array<{ id: string; title: string }>;
  newMembers: Array<{ userId: string; name: string; role: Role }>;
}

export interface TeamHome {
  team: Team;
  cycles: CycleSummary[];
  recentDocuments: DocumentSummary[];
  /** Per recent document, for badges: unread threads and changes since I last opened it. */
  documentStatus: Record<string, { unreadThreads: number; changedSinceVisit: boolean }>;
  /** Who has a team document open right now. */
  online: Array<{ userId: string; name: string; documentId: string; documentTitle: string }>;
  /** Null on the first visit. */
  changes: TeamActivity | null;
  /** Open action items in the team's documents the caller may see, overdue first. */
  openItems: Task[];
  /** What the team has published beyond itself, with how often each was reused. */
  published: PublishedSummary[];
}
