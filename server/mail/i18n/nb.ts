/** Mail texts in bokmål: the source of truth for which keys exist. `_one`/`_other` are plural forms. */
export const nb = {
  'mail.greeting': 'Hei {name},',
  'mail.signature': 'Hilsen Fellesrom',
  'mail.footer.why': 'Du får denne e-posten fordi du har en konto i Fellesrom.',
  'mail.footer.unsubscribe': 'Slå av denne typen e-post med ett klikk:',
  'mail.footer.settings': 'Velg hva du vil ha e-post om:',

  'reset.subject': 'Velg nytt passord til Fellesrom',
  'reset.intro': 'Noen, forhåpentligvis du, ba om å få velge nytt passord for {email}.',
  'reset.action': 'Velg nytt passord',
  'reset.expiry': 'Lenken virker én gang, og bare den neste timen.',
  'reset.ignore': 'Ba du ikke om dette, kan du se bort fra e-posten. Passordet ditt er ikke endret.',

  'changed.subject': 'Passordet ditt i Fellesrom er endret',
  'changed.body': 'Passordet til kontoen din ({email}) ble endret {date}. Du er logget ut alle andre steder.',
  'changed.notYou': 'Var det ikke deg? Velg et nytt passord med en gang:',

  'exists.subject': 'Du har allerede en konto i Fellesrom',
  'exists.body': 'Noen prøvde å opprette en ny konto i Fellesrom med denne e-postadressen ({email}). Du har allerede en konto, så ingen ny ble laget.',
  'exists.login': 'Logg inn:',
  'exists.forgot': 'Har du glemt passordet? Velg et nytt:',
  'exists.ignore': 'Var det ikke deg, trenger du ikke gjøre noe.',

  'notify.subject.mention': '{author} nevnte deg i «{title}»',
  'notify.subject.reply': '{author} svarte i «{title}»',
  'notify.subject.comment': '{author} kommenterte «{title}»',
  'notify.subject.many_one': 'Én ny kommentar i Fellesrom',
  'notify.subject.many_other': '{count} nye kommentarer i Fellesrom',
  'notify.intro': 'Dette er nytt til deg siden sist:',
  'notify.item.mention': '{author} nevnte deg i «{title}» ({team}):',
  'notify.item.reply': '{author} svarte i en samtale du er med i, i «{title}» ({team}):',
  'notify.item.comment': '{author} kommenterte dokumentet ditt «{title}» ({team}):',
  'notify.open': 'Åpne samtalen:',

  'digest.subject': 'Ukesoversikt fra Fellesrom',
  'digest.intro': 'Dette har skjedd i teamene du følger siden {date}.',
  'digest.team': '{team}, {school}',
  'digest.documents_one': 'Ett dokument er nytt eller endret:',
  'digest.documents_other': '{count} dokumenter er nye eller endret:',
  'digest.new': 'Nytt: «{title}»',
  'digest.changed': 'Endret: «{title}»',
  'digest.changedBy': 'Endret av {name}: «{title}»',
  'digest.cycles_one': 'Én ny syklus:',
  'digest.cycles_other': '{count} nye sykluser:',
  'digest.members_one': 'Én ny i teamet:',
  'digest.members_other': '{count} nye i teamet:',
  'digest.open': 'Åpne teamet:',

  'tasks.subject_one': 'Du har en oppgave med frist i morgen',
  'tasks.subject_other': 'Du har {count} oppgaver med frist i morgen',
  'tasks.intro': 'Disse oppgavene er satt på deg, med frist {date}:',
  'tasks.document_one': '«{title}» ({team}): én oppgave',
  'tasks.document_other': '«{title}» ({team}): {count} oppgaver',
  'tasks.open': 'Åpne dokumentet:',
};

export type MailKey = keyof typeof nb;
