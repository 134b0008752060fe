import type { MailKey } from './nb';

/** Mail texts in nynorsk. */
export const nn: Record<MailKey, string> = {
  'mail.greeting': 'Hei {name},',
  'mail.signature': 'Helsing Fellesrom',
  'mail.footer.why': 'Du får denne e-posten fordi du har ein konto i Fellesrom.',
  'mail.footer.unsubscribe': 'Slå av denne typen e-post med eitt klikk:',
  'mail.footer.settings': 'Vel kva du vil ha e-post om:',

  'reset.subject': 'Vel nytt passord til Fellesrom',
  'reset.intro': 'Nokon, forhåpentleg du, bad om å få velje nytt passord for {email}.',
  'reset.action': 'Vel nytt passord',
  'reset.expiry': 'Lenkja verkar éin gong, og berre den neste timen.',
  'reset.ignore': 'Bad du ikkje om dette, kan du sjå bort frå e-posten. Passordet ditt er ikkje endra.',

  'changed.subject': 'Passordet ditt i Fellesrom er endra',
  'changed.body': 'Passordet til kontoen din ({email}) vart endra {date}. Du er logga ut alle andre stader.',
  'changed.notYou': 'Var det ikkje deg? Vel eit nytt passord med ein gong:',

  'exists.subject': 'Du har allereie ein konto i Fellesrom',
  'exists.body': 'Nokon prøvde å opprette ein ny konto i Fellesrom med denne e-postadressa ({email}). Du har allereie ein konto, så ingen ny vart laga.',
  'exists.login': 'Logg inn:',
  'exists.forgot': 'Har du gløymt passordet? Vel eit nytt:',
  'exists.ignore': 'Var det ikkje deg, treng du ikkje gjere noko.',

  'notify.subject.mention': '{author} nemnde deg i «{title}»',
  'notify.subject.reply': '{author} svara i «{title}»',
  'notify.subject.comment': '{author} kommenterte «{title}»',
  'notify.subject.many_one': 'Éin ny kommentar i Fellesrom',
  'notify.subject.many_other': '{count} nye kommentarar i Fellesrom',
  'notify.intro': 'Dette er nytt til deg sidan sist:',
  'notify.item.mention': '{author} nemnde deg i «{title}» ({team}):',
  'notify.item.reply': '{author} svara i ein samtale du er med i, i «{title}» ({team}):',
  'notify.item.comment': '{author} kommenterte dokumentet ditt «{title}» ({team}):',
  'notify.open': 'Opne samtalen:',

  'digest.subject': 'Vekeoversikt frå Fellesrom',
  'digest.intro': 'Dette har skjedd i teama du følgjer sidan {date}.',
  'digest.team': '{team}, {school}',
  'digest.documents_one': 'Eitt dokument er nytt eller endra:',
  'digest.documents_other': '{count} dokument er nye eller endra:',
  'digest.new': 'Nytt: «{title}»',
  'digest.changed': 'Endra: «{title}»',
  'digest.changedBy': 'Endra av {name}: «{title}»',
  'digest.cycles_one': 'Éin ny syklus:',
  'digest.cycles_other': '{count} nye syklusar:',
  'digest.members_one': 'Éin ny i teamet:',
  'digest.members_other': '{count} nye i teamet:',
  'digest.open': 'Opne teamet:',

  'tasks.subject_one': 'Du har ei oppgåve med frist i morgon',
  'tasks.subject_other': 'Du har {count} oppgåver med frist i morgon',
  'tasks.intro': 'Desse oppgåvene er sette på deg, med frist {date}:',
  'tasks.document_one': '«{title}» ({team}): éi oppgåve',
  'tasks.document_other': '«{title}» ({team}): {count} oppgåver',
  'tasks.open': 'Opne dokumentet:',
};
