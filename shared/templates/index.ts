import type { DocumentKind } from '../document-kinds';
import type { Locale } from '../locale';
import { actionLearningTemplate } from './action-learning';
import { learningConversationTemplate } from './learning-conversation';
import { lessonPlanTemplate } from './lesson-plan';
import { logTemplate } from './log';
import type { TemplateNode } from './nodes';
import { writeHere } from './nodes';
import { observationTemplate } from './observation';
import { peerObservationTemplate } from './peer-observation';
import { reflectionTemplate } from './reflection';
import { reportTemplate } from './report';
import { itpTemplate } from './itp';
import { learningStoryTemplate } from './learning-story';
import { pedagogicalAnalysisTemplate } from './pedagogical-analysis';
import { periodPlanTemplate } from './period-plan';
import { teamMeetingTemplate } from './team-meeting';

export type { TemplateNode } from './nodes';

/** The starting content of each document kind, as the top-level nodes of the document. */
export const templates: Record<DocumentKind, (locale: Locale) => TemplateNode[]> = {
  lesson_plan: lessonPlanTemplate,
  observation: observationTemplate,
  reflection: reflectionTemplate,
  log: logTemplate,
  peer_observation: peerObservationTemplate,
  action_learning: actionLearningTemplate,
  learning_conversation: learningConversationTemplate,
  report: reportTemplate,
  note: (locale) => [writeHere({ nb: 'Skriv her …', nn: 'Skriv her …', en: 'Write here …' }[locale])],
  team_meeting: teamMeetingTemplate,
  pedagogical_analysis: pedagogicalAnalysisTemplate,
  learning_story: learningStoryTemplate,
  itp: itpTemplate,
  period_plan: periodPlanTemplate,
};
