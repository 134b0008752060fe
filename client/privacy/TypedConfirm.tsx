import { type FormEvent, useId, useState } from 'react';

/**
 * A destructive action behind a typed confirmation: the button works only once `expected` is
 * typed exactly (the server checks it again).
 */
export function TypedConfirm({
  label,
  expected,
  button,
  busy,
  onConfirm,
}: {
  label: string;
  expected: string;
  button: string;
  busy: boolean;
  onConfirm: (typed: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const id = useId();
  const matches = typed.trim() === expected.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (matches) onConfirm(typed);
  };
  return (
    <form onSubmit={submit} className="stack danger-zone">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
      <button type="submit" className="danger" disabled={!matches || busy}>
        {button}
      </button>
    </form>
  );
}
