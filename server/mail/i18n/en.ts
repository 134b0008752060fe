import type { MailKey } from './nb';

/** Mail texts in English. */
export const en: Record<MailKey, string> = {
  'mail.greeting': 'Hi {name},',
  'mail.signature': 'Fellesrom',
  'mail.footer.why': 'You get this e-mail because you have an account in Fellesrom.',
  'mail.footer.unsubscribe': 'Turn off this kind of e-mail with one click:',
  'mail.footer.settings': 'Choose what you get e-mail about:',

  'reset.subject': 'Choose a new password for Fellesrom',
  'reset.intro': 'Someone, hopefully you, asked to choose a new password for {email}.',
  'reset.action': 'Choose a new password',
  'reset.expiry': 'The link works once, and only for the next hour.',
  'reset.ignore': 'If you did not ask for this, you can ignore this e-mail. Your password has not been changed.',

  'changed.subject': 'Your Fellesrom password was changed',
  'changed.body': 'The password of your account ({email}) was changed on {date}. You have been signed out everywhere else.',
  'changed.notYou': 'Was it not you? Choose a new password right away:',

  'exists.subject': 'You already have a Fellesrom account',
  'exists.body': 'Someone tried to create a new Fellesrom account with this e-mail address ({email}). You already have an account, so no new one was made.',
  'exists.login': 'Sign in:',
  'exists.forgot': 'Forgot your password? Choose a new one:',
  'exists.ignore': 'If it was not you, there is nothing you need to do.',

  'notify.subject.mention': '{author} mentioned you in “{title}”',
  'notify.subject.reply': '{author} replied in “{title}”',
  'notify.subject.comment': '{author} commented on “{title}”',
  'notify.subject.many_one': 'One new comment in Fellesrom',
  'notify.subject.many_other': '{count} new comments in Fellesrom',
  'notify.intro': 'This is new for you since last time:',
  'notify.item.mention': '{author} mentioned you in “{title}” ({team}):',
  'notify.item.reply': '{author} replied in a conversation you are part of, in “{title}” ({team}):',
  'notify.item.comment': '{author} commented on your document “{title}” ({team}):',
  'notify.open': 'Open the conversation:',

  'digest.subject': 'Your week in Fellesrom',
  'digest.intro': 'This is what happened in the teams you follow since {date}.',
  'digest.team': '{team}, {school}',
  'digest.documents_one': 'One document is new or changed:',
  'digest.documents_other': '{count} documents are new or changed:',
  'digest.new': 'New: “{title}”',
  'digest.changed': 'Changed: “{title}”',
  'digest.changedBy': 'Changed by {name}: “{title}”',
  'digest.cycles_one': 'One new cycle:',
  'digest.cycles_other': '{count} new cycles:',
  'digest.members_one': 'One new person in the team:',
  'digest.members_other': '{count} new people in the team:',
  'digest.open': 'Open the team:',

  'tasks.subject_one': 'You have a task due tomorrow',
  'tasks.subject_other': 'You have {count} tasks due tomorrow',
  'tasks.intro': 'These tasks are assigned to you, due {date}:',
  'tasks.document_one': '“{title}” ({team}): one task',
  'tasks.document_other': '“{title}” ({team}): {count} tasks',
  'tasks.open': 'Open the document:',
};
