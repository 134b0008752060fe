import { Limits } from '../../shared/limits';

/** A field for choosing a password, with the length rules the server checks. */
export function NewPasswordField({ label, value, onChange, describedBy }: { label: string; value: string; onChange(value: string): void; describedBy?: string }) {
  return (
    <label>
      {label}
      <input
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={Limits.password.min}
        maxLength={Limits.password.max}
        aria-describedby={describedBy}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
