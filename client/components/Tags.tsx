import { type KeyboardEvent, useId, useState } from 'react';
import { FocusAreas, focusAreaLabels, isFocusArea, isOutcome, outcomeLabels } from '../../shared/focus-areas';
import { Limits } from '../../shared/limits';
import { useI18n } from '../i18n';

/** Tags as chips: focus areas in their localized wording, the team's own tags as written. */
export function TagList({ tags }: { tags: string[] }) {
  const { pick } = useI18n();
  if (tags.length === 0) return null;
  return (
    <ul className="tags">
      {tags.map((tag) => (
        <li key={tag} className={isFocusArea(tag) || isOutcome(tag) ? 'tag focus' : 'tag'}>
          {isFocusArea(tag) ? pick(focusAreaLabels[tag]) : isOutcome(tag) ? pick(outcomeLabels[tag]) : tag}
        </li>
      ))}
    </ul>
  );
}

/** Picks focus areas (checkboxes) and free tags (typed, Enter to add). */
export function TagPicker({ value, onChange }: { value: string[]; onChange(tags: string[]): void }) {
  const { t, pick } = useI18n();
  const [draft, setDraft] = useState('');
  const id = useId();
  const own = value.filter((tag) => !isFocusArea(tag));
  const toggle = (tag: string) => onChange(value.includes(tag) ? value.filter((v) => v !== tag) : [...value, tag]);
  const add = () => {
    const tag = draft.trim();
    if (tag && !value.includes(tag) && value.length < Limits.tag.maxPerItem) onChange([...value, tag]);
    setDraft('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  return (
    <div className="tag-picker">
      <fieldset>
        <legend>{t('tags.focusAreas')}</legend>
        <div className="checks">
          {FocusAreas.map((area) => (
            <label key={area} className="check">
              <input type="checkbox" checked={value.includes(area)} onChange={() => toggle(area)} />
              {pick(focusAreaLabels[area])}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${id}-own`}>{t('tags.own')}</label>
        <div className="own-tags">
          {own.map((tag) => (
            <span key={tag} className="tag">
              {tag}
              <button type="button" className="chip-remove" aria-label={t('tags.remove', { tag })} onClick={() => toggle(tag)}>
                ×
              </button>
            </span>
          ))}
          <input
            id={`${id}-own`}
            value={draft}
            maxLength={Limits.tag.max}
            placeholder={t('tags.ownPlaceholder')}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
          />
          <button type="button" onClick={add} disabled={!draft.trim()}>
            {t('tags.add')}
          </button>
        </div>
      </div>
    </div>
  );
}
