import type { Localized } from './locale';

/**
 * What made a learning story work (læringshistorier, appreciative inquiry): the three themes a
 * county found when it searched about 450 stories of its best learning experiences, the third
 * split into the qualities of the learning work it named. Stored as tags on the story; a team or
 * a school gathers them across stories.
 */
export const StoryTags = [
  'relational_interplay',
  'belonging',
  'clear_goals',
  'feedback',
  'relevance',
  'variation',
  'adaptation',
  'learning_leadership',
] as const;
export type StoryTag = (typeof StoryTags)[number];

export const storyTagGroups: Array<{ label: Localized; tags: StoryTag[] }> = [
  { label: { nb: 'Relasjonelt samspill', nn: 'Relasjonelt samspel', en: 'Relational interplay' }, tags: ['relational_interplay'] },
  { label: { nb: 'Tilhørighet i læringsfellesskapet', nn: 'Tilhøyrsle i læringsfellesskapet', en: 'Belonging in the learning community' }, tags: ['belonging'] },
  {
    label: { nb: 'Kvaliteter ved læringsarbeidet', nn: 'Kvalitetar ved læringsarbeidet', en: 'Qualities of the learning work' },
    tags: ['clear_goals', 'feedback', 'relevance', 'variation', 'adaptation', 'learning_leadership'],
  },
];

export const storyTagLabels: Record<StoryTag, Localized> = {
  relational_interplay: { nb: 'Relasjonelt samspill', nn: 'Relasjonelt samspel', en: 'Relational interplay' },
  belonging: { nb: 'Tilhørighet', nn: 'Tilhøyrsle', en: 'Belonging' },
  clear_goals: { nb: 'Tydelige mål', nn: 'Tydelege mål', en: 'Clear goals' },
  feedback: { nb: 'Tilbakemeldinger', nn: 'Tilbakemeldingar', en: 'Feedback' },
  relevance: { nb: 'Relevans', nn: 'Relevans', en: 'Relevance' },
  variation: { nb: 'Variasjon', nn: 'Variasjon', en: 'Variation' },
  adaptation: { nb: 'Tilpasning', nn: 'Tilpassing', en: 'Adaptation' },
  learning_leadership: { nb: 'Læringsledelse', nn: 'Læringsleiing', en: 'Learning leadership' },
};

export const isStoryTag = (tag: string): tag is StoryTag => (StoryTags as readonly string[]).includes(tag);
