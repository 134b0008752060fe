import { and, desc, eq, isNull } from 'drizzle-orm';
import { isStoryTag, type StoryTag, StoryTags } from '../../shared/learning-stories';
import type { SchoolStories, TeamStories } from '../../shared/schemas/schools';
import type { Db } from '../db/open';
import { documents, teams } from '../db/schema';
import { sharedWorkOf, type Viewer, visibleTo } from '../policies';
import { aggregate } from './aggregate';

function countTags(stories: Array<{ tags: string[] }>): Map<StoryTag, number> {
  const counts = new Map<StoryTag, number>(StoryTags.map((t) => [t, 0]));
  for (const s of stories) for (const tag of new Set(s.tags.filter(isStoryTag))) counts.set(tag, counts.get(tag)! + 1);
  return counts;
}

/** The team's learning stories that `viewer` may see, and what made them work, counted. */
export async function teamStories(db: Db, viewer: Viewer, teamId: string): Promise<TeamStories> {
  const stories = (await db
    .select({ id: documents.id, title: documents.title, tags: documents.tags, updatedAt: documents.updatedAt })
    .from(documents)
    .where(and(eq(documents.teamId, teamId), eq(documents.kind, 'learning_story'), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(desc(documents.updatedAt)));
  return {
    stories: stories.map((s) => ({ ...s, updatedAt: s.updatedAt.toISOString() })),
    tags: [...countTags(stories)].map(([tag, count]) => ({ tag, count })).toSorted((a, b) => b.count - a.count),
  };
}

/**
 * What made the school's learning stories work, gathered across every team's shared stories:
 * counts only, each shown only from the smallest group that points at nobody. No titles, no text.
 */
export async function schoolStories(db: Db, schoolId: string): Promise<SchoolStories> {
  const teamIds = (await db.select({ id: teams.id }).from(teams).where(eq(teams.schoolId, schoolId))).map((t) => t.id);
  const stories = (
    await Promise.all(
      teamIds.map((teamId) =>
        db
          .select({ tags: documents.tags })
          .from(documents)
          .where(and(sharedWorkOf(teamId), eq(documents.kind, 'learning_story'), isNull(documents.archivedAt))),
      ),
    )
  ).flat();
  const counts = countTags(stories);
  return {
    stories: aggregate(stories.length),
    tags: [...counts].toSorted((a, b) => b[1] - a[1]).map(([tag, count]) => ({ tag, count: aggregate(count) })),
  };
}

