import { useI18n } from '../i18n';
import type { Presence } from './use-collab-session';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

export function PresenceList({ presence }: { presence: Presence[] }) {
  const { t } = useI18n();
  return (
    <ul className="presence" aria-label={t('presence.label')}>
      {presence.map((p) => {
        const label = p.self ? t('presence.you', { name: p.name }) : p.name;
        return (
          <li key={p.clientId} className="avatar" style={{ background: p.color }} title={label}>
            <span aria-hidden="true">{initials(p.name)}</span>
            <span className="visually-hidden">{label}</span>
          </li>
        );
      })}
    </ul>
  );
}
