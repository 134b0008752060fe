import type { DocumentKind } from '../document-kinds';
import type { Locale } from '../locale';
import { lessonPlanTemplate } from './lesson-plan';
import { logTemplate } from './log';
import type { TemplateNode } from './nodes';
import { paragraph } from './nodes';
import { observationTemplate } from './observation';
import { reflectionTemplate } from './reflection';

export type { TemplateNode } from './nodes';

/** The starting content of each document kind, as the top-level nodes of the document. */
export const templates: Record<DocumentKind, (locale: Locale) => TemplateNode[]> = {
  lesson_plan: lessonPlanTemplate,
  observation: observationTemplate,
  reflection: reflectionTemplate,
  log: logTemplate,
  note: () => [paragraph()],
};
