import type { Locale } from '../locale';
import { bulletList, field, heading, paragraph, prompt, type TemplateNode, table } from './nodes';

export function lessonPlanTemplate(locale: Locale): TemplateNode[] {
  if (locale === 'en') {
    return [
      heading(1, 'Research lesson plan'),
      field('Subject'),
      field('Grade'),
      field('Date'),
      field('Teacher'),
      field('Team'),
      heading(2, 'Research theme and long-term goal'),
      prompt('What do we want our pupils to become better at over time, and why does it matter to us?'),
      paragraph(),
      heading(2, 'Lesson goals and competence aims'),
      prompt('What should pupils understand or be able to do after this lesson? Which LK20 competence aims does it build on?'),
      paragraph(),
      heading(2, 'Rationale'),
      prompt('Why this topic? What do pupils usually find hard here, and what have we seen work before?'),
      paragraph(),
      heading(2, 'Lesson flow'),
      prompt('One row per step. Anticipate how pupils will respond, so the observers know what to look for.'),
      table(
        ['Activity and key questions', 'Time', 'Anticipated pupil responses', 'Teacher support', 'What to observe'],
        [
          ['Introduction', '', '', '', ''],
          ['', '', '', '', ''],
          ['Summary', '', '', '', ''],
        ],
      ),
      heading(2, 'Case pupils'),
      prompt('Choose three pupils and refer to them only as A, B and C. Write a prediction for each.'),
      table(
        ['Case pupil', 'Why this pupil', 'Prediction'],
        [
          ['A', '', ''],
          ['B', '', ''],
          ['C', '', ''],
        ],
      ),
      heading(2, 'Data collection'),
      prompt('Who observes which case pupil, what is written down, and what pupil work do we collect?'),
      bulletList(['']),
    ];
  }
  return [
    heading(1, 'Undervisningsplan for forskningstimen'),
    field('Fag'),
    field('Trinn'),
    field('Dato'),
    field('Lærer'),
    field('Team'),
    heading(2, 'Forskningstema og langsiktig mål'),
    prompt('Hva ønsker vi at elevene skal bli bedre til over tid, og hvorfor er det viktig for oss?'),
    paragraph(),
    heading(2, 'Mål for timen og kompetansemål'),
    prompt('Hva skal elevene forstå eller kunne etter timen? Hvilke kompetansemål i LK20 bygger den på?'),
    paragraph(),
    heading(2, 'Begrunnelse'),
    prompt('Hvorfor dette temaet? Hva synes elevene ofte er vanskelig her, og hva har vi sett virke før?'),
    paragraph(),
    heading(2, 'Gjennomføring av timen'),
    prompt('Én rad per del av timen. Forutsi hvordan elevene vil svare, så observatørene vet hva de skal se etter.'),
    table(
      ['Aktivitet og nøkkelspørsmål', 'Tid', 'Forventede elevsvar (prediksjon)', 'Lærerstøtte', 'Hva skal observeres'],
      [
        ['Introduksjon', '', '', '', ''],
        ['', '', '', '', ''],
        ['Oppsummering', '', '', '', ''],
      ],
    ),
    heading(2, 'Case-elever'),
    prompt('Velg tre elever og omtal dem bare som A, B og C. Skriv en prediksjon for hver.'),
    table(
      ['Case-elev', 'Hvorfor denne eleven', 'Prediksjon'],
      [
        ['A', '', ''],
        ['B', '', ''],
        ['C', '', ''],
      ],
    ),
    heading(2, 'Datainnsamling'),
    prompt('Hvem observerer hvilken case-elev, hva noteres, og hvilke elevarbeider samler vi inn?'),
    bulletList(['']),
  ];
}
