import type { Locale } from '../locale';
import { bulletList, example, heading, orderedList, prompt, type TemplateNode, taskList, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Refleksjon etter forskningstimen',
    protocol: 'Slik gjør vi det',
    steps: [
      'Takk læreren som underviste.',
      'Læreren som underviste snakker først: hva la du merke til?',
      'Planleggingsteamet: hva så vi, sammenlignet med planen?',
      'Data om hver case-elev, per forskningsspørsmål: hva forventet vi, hva observerte vi? Uten data, bare prat.',
      'Den kunnskapsrike andre avslutter.',
      'Vi blir enige om funn, endringer og oppgaver.',
    ],
    teacher: 'Læreren som underviste',
    teacherHint: 'Hva la læreren merke til …',
    evidence: 'Data om hver case-elev',
    evidencePrompt: 'Hva forventet vi, og hva observerte vi? Knytt hvert funn til det noen faktisk så eller hørte.',
    findings: 'Funn vi er enige om',
    findingsPrompt: 'Per forskningsspørsmål: hva lærte vi om elevenes læring? Når lyktes vi best, og hvorfor?',
    findingsExample: 'B løste oppgaven da hun fikk tegne først (notat 10:14). Forventet: hun ville gi opp.',
    changes: 'Dette endrer vi i planen',
    changesPrompt: 'Hvilken rad i planen endres, og hvilket funn er grunnen?',
    other: 'Den kunnskapsrike andre',
    otherHint: 'Avsluttende kommentarer, forslag til lesing …',
    actions: 'Oppgaver',
    actionsPrompt: 'Hvem gjør hva, og innen når? Sett ansvarlig og frist på hver oppgave.',
  },
  en: {
    title: 'Post-lesson discussion',
    protocol: 'How we do it',
    steps: [
      'Thank the teacher who taught.',
      'The teacher who taught speaks first: what did you notice?',
      'The planning team: what did we see, compared with the plan?',
      'Evidence about each case pupil, per research question: what did we predict, what did we observe? No data, just talk.',
      'The knowledgeable other closes.',
      'We agree on findings, changes and action items.',
    ],
    teacher: 'The teacher who taught',
    teacherHint: 'What the teacher noticed …',
    evidence: 'Evidence per case pupil',
    evidencePrompt: 'What did we predict, and what did we observe? Tie every finding to something someone actually saw or heard.',
    findings: 'Agreed findings',
    findingsPrompt: 'Per research question: what did we learn about pupils’ learning? When did we succeed best, and why?',
    findingsExample: 'B solved the task once she could draw first (note 10:14). Predicted: she would give up.',
    changes: 'What we change in the plan',
    changesPrompt: 'Which row of the plan changes, and which finding is the reason?',
    other: 'The knowledgeable other',
    otherHint: 'Closing comments, suggested reading …',
    actions: 'Action items',
    actionsPrompt: 'Who does what, and by when? Give each item an owner and a due date.',
  },
};

export function reflectionTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  const ex = locale === 'nb' ? 'Eksempel' : 'Example';
  return [
    heading(1, w.title),
    heading(3, w.protocol),
    orderedList(w.steps),
    heading(2, w.teacher),
    writeHere(w.teacherHint),
    heading(2, w.evidence),
    prompt(w.evidencePrompt),
    bulletList(['A: ', 'B: ', 'C: ']),
    heading(2, w.findings),
    prompt(w.findingsPrompt),
    example(ex, w.findingsExample),
    bulletList(['']),
    heading(2, w.changes),
    prompt(w.changesPrompt),
    bulletList(['']),
    heading(2, w.other),
    writeHere(w.otherHint),
    heading(2, w.actions),
    prompt(w.actionsPrompt),
    taskList(['']),
  ];
}
