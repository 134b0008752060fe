import type { Locale } from '../locale';
import { field, heading, prompt, type TemplateNode, table } from './nodes';

export function observationTemplate(locale: Locale): TemplateNode[] {
  if (locale === 'en') {
    return [
      heading(1, 'Observation'),
      field('Observer'),
      field('Lesson and plan'),
      heading(2, 'Observation focus'),
      prompt('What did the team agree to look for? Write it here before the lesson starts.'),
      heading(2, 'Notes'),
      prompt('Note the time, the lesson step and the case pupil (A, B, C). Describe what you see and hear, not what you think of it.'),
      table(['Time', 'Lesson step', 'Pupil', 'What happened'], [['', '', '', '']]),
      heading(2, 'Predicted and observed'),
      table(
        ['Case pupil', 'Predicted', 'Observed'],
        [
          ['A', '', ''],
          ['B', '', ''],
          ['C', '', ''],
        ],
      ),
    ];
  }
  return [
    heading(1, 'Observasjon'),
    field('Observatør'),
    field('Time og plan'),
    heading(2, 'Observasjonsfokus'),
    prompt('Hva ble teamet enige om å se etter? Skriv det her før timen starter.'),
    heading(2, 'Notater'),
    prompt('Noter tid, del av timen og case-elev (A, B, C). Beskriv det du ser og hører, ikke hva du mener om det.'),
    table(['Tid', 'Del av timen', 'Elev', 'Hva skjedde'], [['', '', '', '']]),
    heading(2, 'Forventet og observert'),
    table(
      ['Case-elev', 'Forventet', 'Observert'],
      [
        ['A', '', ''],
        ['B', '', ''],
        ['C', '', ''],
      ],
    ),
  ];
}
