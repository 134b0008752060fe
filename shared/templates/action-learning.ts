import type { Locale } from '../locale';
import { actionItems, example, field, heading, prompt, type TemplateNode, writeHere, exampleLabel } from './nodes';

const words = {
  nb: {
    title: 'Aksjonslæring',
    fields: ['Periode (uker)', 'Deltakere', 'Delingsmøte'],
    problem: '1. Problemet',
    problemPrompt: 'Hva er det i praksisen vår vi vil bli bedre på? Beskriv det slik det ser ut i klasserommet.',
    problemExample: 'Mange elever begynner ikke på skriveoppgaver før læreren har vært innom.',
    problemHint: 'Beskriv problemet …',
    action: '2. Aksjonen',
    actionPrompt: 'Hva prøver vi, hvem gjør hva, og hvordan samler vi erfaringer underveis?',
    reflection: '3. Refleksjon',
    reflectionPrompt: 'Hva skjedde? Hva sier dataene? Hva overrasket oss?',
    reflectionHint: 'Hva vi så …',
    goal: '4. Nytt mål',
    goalPrompt: 'Hva tar vi med oss, og hva blir neste aksjon?',
    goalHint: 'Neste mål …',
  },
  nn: {
    title: 'Aksjonslæring',
    fields: ['Periode (veker)', 'Deltakarar', 'Delingsmøte'],
    problem: '1. Problemet',
    problemPrompt: 'Kva er det i praksisen vår vi vil bli betre på? Beskriv det slik det ser ut i klasserommet.',
    problemExample: 'Mange elevar byrjar ikkje på skriveoppgåver før læraren har vore innom.',
    problemHint: 'Beskriv problemet …',
    action: '2. Aksjonen',
    actionPrompt: 'Kva prøver vi, kven gjer kva, og korleis samlar vi erfaringar undervegs?',
    reflection: '3. Refleksjon',
    reflectionPrompt: 'Kva skjedde? Kva seier dataa? Kva overraska oss?',
    reflectionHint: 'Kva vi såg …',
    goal: '4. Nytt mål',
    goalPrompt: 'Kva tek vi med oss, og kva blir neste aksjon?',
    goalHint: 'Neste mål …',
  },
  en: {
    title: 'Action learning',
    fields: ['Period (weeks)', 'Participants', 'Sharing meeting'],
    problem: '1. The problem',
    problemPrompt: 'What in our practice do we want to get better at? Describe it as it looks in the classroom.',
    problemExample: 'Many pupils do not start writing tasks until the teacher has come by.',
    problemHint: 'Describe the problem …',
    action: '2. The action',
    actionPrompt: 'What do we try, who does what, and how do we gather experience along the way?',
    reflection: '3. Reflection',
    reflectionPrompt: 'What happened? What does the data say? What surprised us?',
    reflectionHint: 'What we saw …',
    goal: '4. New goal',
    goalPrompt: 'What do we keep, and what is the next action?',
    goalHint: 'Next goal …',
  },
};

export function actionLearningTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  const ex = exampleLabel[locale];
  return [
    heading(1, w.title),
    ...w.fields.map((f) => field(f)),
    heading(2, w.problem),
    prompt(w.problemPrompt),
    example(ex, w.problemExample),
    writeHere(w.problemHint),
    heading(2, w.action),
    prompt(w.actionPrompt),
    actionItems(['']),
    heading(2, w.reflection),
    prompt(w.reflectionPrompt),
    writeHere(w.reflectionHint),
    heading(2, w.goal),
    prompt(w.goalPrompt),
    writeHere(w.goalHint),
  ];
}
