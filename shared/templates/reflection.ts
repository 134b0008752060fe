import type { Locale } from '../locale';
import { bulletList, heading, paragraph, prompt, type TemplateNode, taskList } from './nodes';

export function reflectionTemplate(locale: Locale): TemplateNode[] {
  if (locale === 'en') {
    return [
      heading(1, 'Post-lesson discussion'),
      prompt('Thank the teacher who taught. The teacher speaks first, then the planning team, then the evidence about each case pupil. The knowledgeable other closes.'),
      heading(2, 'The teacher who taught'),
      paragraph(),
      heading(2, 'Evidence per case pupil'),
      prompt('What did we predict, and what did we observe? No claim without data.'),
      bulletList(['A: ', 'B: ', 'C: ']),
      heading(2, 'Agreed findings'),
      prompt('Per research question: what did we learn about pupils\u2019 learning?'),
      bulletList(['']),
      heading(2, 'What we change in the plan'),
      bulletList(['']),
      heading(2, 'Action items'),
      prompt('Who does what, and by when?'),
      taskList(['']),
    ];
  }
  return [
    heading(1, 'Refleksjon etter forskningstimen'),
    prompt('Takk læreren som underviste. Læreren snakker først, så planleggingsteamet, så dataene om hver case-elev. Den kunnskapsrike andre avslutter.'),
    heading(2, 'Læreren som underviste'),
    paragraph(),
    heading(2, 'Data om hver case-elev'),
    prompt('Hva forventet vi, og hva observerte vi? Uten data, bare prat.'),
    bulletList(['A: ', 'B: ', 'C: ']),
    heading(2, 'Funn vi er enige om'),
    prompt('Per forskningsspørsmål: hva lærte vi om elevenes læring?'),
    bulletList(['']),
    heading(2, 'Dette endrer vi i planen'),
    bulletList(['']),
    heading(2, 'Oppgaver'),
    prompt('Hvem gjør hva, og innen når?'),
    taskList(['']),
  ];
}
