/** A choice among the team's cycles, or none. */
export function CycleSelect({
  label,
  noneLabel,
  cycles,
  value,
  onChange,
  name,
}: {
  label: string;
  noneLabel: string;
  cycles: Array<{ id: string; title: string }>;
  value: string;
  onChange(cycleId: string): void;
  name?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{noneLabel}</option>
        {cycles.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </label>
  );
}
