import { type KeyboardEvent, type TextareaHTMLAttributes, useId, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

export interface Person {
  id: string;
  name: string;
}

/** The "@…" being typed just before the caret, if any: where it starts and what follows the @. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  // A mention is a name: no line breaks, not longer than a name can be.
  if (query.length > 40 || /[\n@]/.test(query)) return null;
  return { start: at, query };
}

const fold = (s: string) => s.toLocaleLowerCase('nb').normalize('NFKD');

/** People whose name matches what was typed: names starting with it first, then containing it. */
export function suggest(people: Person[], query: string, max = 6): Person[] {
  const q = fold(query.trim());
  const starts = people.filter((p) => fold(p.name).startsWith(q) || fold(p.name).split(/\s+/).some((w) => w.startsWith(q)));
  const contains = people.filter((p) => !starts.includes(p) && fold(p.name).includes(q));
  return [...starts, ...contains].slice(0, max);
}

/**
 * A text area where typing "@" offers the people who may see the document (a listbox, by keyboard:
 * arrows, Enter or Tab to choose, Esc to close). Choosing one writes "@Full Name" and reports it.
 */
export function MentionInput({
  value,
  onValue,
  people,
  onMention,
  onKeyDown,
  ...rest
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValue(value: string): void;
  people: Person[];
  onMention(person: Person): void;
}) {
  const { t } = useI18n();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const caretAfterName = useRef<number | null>(null);
  const [typing, setTyping] = useState<{ start: number; query: string; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const options = typing ? suggest(people, typing.query) : [];
  const open = options.length > 0;

  const look = (text: string, caret: number) => {
    const found = mentionAt(text, caret);
    setTyping(found ? { ...found, caret } : null);
    setActive(0);
  };
  const choose = (person: Person) => {
    if (!typing) return;
    const inserted = `@${person.name} `;
    const next = value.slice(0, typing.start) + inserted + value.slice(typing.caret);
    onValue(next);
    onMention(person);
    setTyping(null);
    caretAfterName.current = typing.start + inserted.length;
  };
  // The caret goes behind the chosen name as the name is rendered, before the next key is handled:
  // put off to a later frame, it moved what was typed meanwhile behind the name's end ("er du?s").
  useLayoutEffect(() => {
    const caret = caretAfterName.current;
    if (caret === null) return;
    caretAfterName.current = null;
    ref.current?.focus();
    ref.current?.setSelectionRange(caret, caret);
  });
  const keys = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(options[active]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setTyping(null);
        return;
      }
    }
    onKeyDown?.(e);
  };
  return (
    <div className="mention-input">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onValue(e.target.value);
          look(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={keys}
        onBlur={() => setTyping(null)}
      />
      <ul id={listId} role="listbox" aria-label={t('comments.mention')} className="mention-options" hidden={!open}>
        {options.map((person, i) => (
          <li
            key={person.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // Chosen on mouse down, before the text area loses the focus (and closes the list).
            onMouseDown={(e) => {
              e.preventDefault();
              choose(person);
            }}
          >
            {person.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
