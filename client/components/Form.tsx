import { type FormEvent, type ReactNode, useState } from 'react';
import { type Translate, useI18n } from '../i18n';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The field's name as its label shows it (the label's own text, not the options inside it). */
function fieldName(field: Field): string {
  const label = field.labels?.[0];
  const own = label ? [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('') : '';
  return (own || field.getAttribute('aria-label') || field.getAttribute('placeholder') || field.name).trim();
}

/** What is wrong with a field, in the reader's language. */
function problem(t: Translate, field: Field): string {
  const v = field.validity;
  const name = fieldName(field);
  if (v.valueMissing) return t('validation.required', { field: name });
  if (v.typeMismatch && field.type === 'email') return t('validation.email', { field: name });
  if (v.tooShort && 'minLength' in field) return t('validation.tooShort', { field: name, count: field.minLength });
  if (v.tooLong && 'maxLength' in field) return t('validation.tooLong', { field: name, count: field.maxLength });
  return t('validation.invalid', { field: name });
}

/**
 * A form that checks its fields itself and says what is wrong in our words and language (the
 * browser's own bubbles speak the browser's language, and vanish). The first problem field gets
 * the focus; `onSubmit` runs only when every field is valid.
 */
export function Form({ onSubmit, className, children, ...rest }: { onSubmit(): void; className?: string; children: ReactNode; 'aria-label'?: string }) {
  const { t } = useI18n();
  const [problems, setProblems] = useState<string[]>([]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = [...event.currentTarget.elements].filter(
      (el): el is Field => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement,
    );
    const invalid = fields.filter((f) => !f.validity.valid);
    for (const f of fields) {
      if (invalid.includes(f)) f.setAttribute('aria-invalid', 'true');
      else f.removeAttribute('aria-invalid');
    }
    setProblems(invalid.map((f) => problem(t, f)));
    if (invalid.length > 0) {
      invalid[0]!.focus();
      return;
    }
    onSubmit();
  };
  return (
    <form noValidate onSubmit={submit} className={className} {...rest}>
      {problems.length > 0 && (
        <div role="alert" className="form-problems">
          <p>{t('validation.heading')}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {children}
    </form>
  );
}
