import * as Y from 'yjs';
import { addDays, localTime } from '../../server/notifications/local-time';

/** An action item as the editor writes it: a taskItem with its owner, due date and words. */
export function taskItem(text: string, owner: string, due: string, checked = false): Y.XmlElement {
  const item = new Y.XmlElement('taskItem');
  item.setAttribute('checked', checked as unknown as string);
  item.setAttribute('owner', owner);
  item.setAttribute('due', due);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  item.insert(0, [p]);
  return item;
}

/** A task list holding `items`, appended to the Tiptap-shaped fragment. */
export function appendTaskList(fragment: Y.XmlFragment, items: Y.XmlElement[]): void {
  const list = new Y.XmlElement('taskList');
  list.insert(0, items);
  fragment.insert(fragment.length, [list]);
}

/** The date `offset` days from today where the school is (the test server's NOTIFY_TIME_ZONE), as the server counts overdue. */
export const day = (offset: number) => addDays(localTime(new Date(), 'Europe/Oslo').date, offset);
