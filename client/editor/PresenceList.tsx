import { standingLabels } from '../../shared/roles';
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
  const { t, pick } = useI18n();
  return (
    <ul className="presence" aria-label={t('presence.label')}>
      {presence.map((p) => {
        const name = p.schoolLeader ? `${p.name} (${pick(standingLabels.school_leader)})` : p.name;
        const label = p.self ? t('presence.you', { name }) : name;
        return (
          <li key={p.clientId} className={p.schoolLeader ? 'avatar school-leader' : 'avatar'} style={{ background: p.color }} title={label}>
            <span aria-hidden="true">{initials(p.name)}</span>
            <span className="visually-hidden">{label}</span>
          </li>
        );
      })}
    </ul>
  );
}
