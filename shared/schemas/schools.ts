import { z } from 'zod';
import type { DocumentKind } from '../document-kinds';
import type { FocusArea, Outcome } from '../focus-areas';
import { Limits } from '../limits';
import type { StoryTag } from '../learning-stories';
import { idParam } from './ids';
import type { CycleSummary } from './cycles';
import type { PublishedSummary } from './library';

/**
 * A count across people, or only that it is below the smallest group an aggregate may show
 * (Limits.minAggregateGroup): a smaller count could point at a person.
 */
export type Aggregate = { count: number } | { fewerThan: number };

/** A school the caller works in or leads (GET /api/schools). */
export interface SchoolSummary {
  id: string;
  name: string;
  /** The caller is one of its leaders (skoleleder). */
  leader: boolean;
}

export interface OverviewCycle extends Pick<CycleSummary, 'id' | 'title' | 'researchQuestion' | 'tags' | 'phase' | 'round' | 'plannedRounds' | 'gaps' | 'updatedAt'> {
  /** Started from a published copy in the library. */
  forkedFrom: { title: string; schoolName: string } | null;
}

/** One team as its school's leaders see it: its work, never its raw notes or private drafts. */
export interface TeamOverview {
  id: string;
  name: string;
  focus: string;
  focusTags: string[];
  cycles: OverviewCycle[];
  lastActivityAt: string | null;
  /** Open action items in the team's shared documents, and how many are overdue. */
  openItems: number;
  overdueItems: number;
  /** The team's post-lesson discussions, which school leaders may join (running ones first). */
  meetings: Array<{ documentId: string; title: string; running: boolean; updatedAt: string }>;
  /** What the team has published (not withdrawn). */
  shared: PublishedSummary[];
}

/** Which focus areas (Hva) and outcomes (Hvorfor) the school's active cycles (Hvordan) address. */
export interface Coverage {
  cycles: number;
  focusAreas: Record<FocusArea, number>;
  outcomes: Record<Outcome, number>;
  /** Cycles addressing both the outcome and the focus area. */
  matrix: Record<Outcome, Record<FocusArea, number>>;
  /** Cycles with neither a focus area nor an outcome. */
  untagged: number;
}

export interface SchoolOverview {
  school: { id: string; name: string };
  teams: TeamOverview[];
  coverage: Coverage;
  /** Teachers (team leaders and members) in the school's teams. */
  teachers: Aggregate;
  networks: Array<{ id: string; name: string }>;
}

/** Drilling into one team: its overview, and per cycle and round how much shared work there is (counts only). */
export interface TeamDrillIn extends TeamOverview {
  school: { id: string; name: string };
  work: Array<{ cycleId: string; round: number; counts: Partial<Record<DocumentKind, number>> }>;
}

/** What made learning stories work, gathered across stories: counts only. */
export interface StoryTagCount {
  tag: StoryTag;
  count: Aggregate;
}

export interface SchoolStories {
  stories: Aggregate;
  tags: StoryTagCount[];
}

export interface TeamStories {
  stories: Array<{ id: string; title: string; tags: string[]; updatedAt: string }>;
  tags: Array<{ tag: StoryTag; count: number }>;
}

export interface SchoolLeaders {
  leaders: Array<{ userId: string; name: string; since: string; grantedByName: string | null }>;
  /** People who work in the school's teams and could be made leaders. */
  candidates: Array<{ userId: string; name: string }>;
}

export const schoolParam = z.object({ schoolId: idParam });
export const schoolTeamParam = z.object({ schoolId: idParam, teamId: idParam });
export const schoolLeaderParam = z.object({ schoolId: idParam, userId: idParam });
export const grantLeaderBody = z.strictObject({ userId: idParam });

// Networks

export interface NetworkSummary {
  id: string;
  name: string;
  schools: Array<{ id: string; name: string }>;
  /** The member schools the caller leads. */
  mine: string[];
}

export const createNetworkBody = z.strictObject({
  name: z.string().trim().min(1).max(Limits.network.name),
  schoolId: idParam,
});
export const networkParam = z.object({ networkId: idParam });
export const networkSchoolParam = z.object({ networkId: idParam, schoolId: idParam });
export const networkTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export const acceptNetworkInviteBody = z.strictObject({ schoolId: idParam });

export interface NetworkInvitePreview {
  networkName: string;
  schools: string[];
  expiresAt: string;
}
