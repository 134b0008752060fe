import { addMember, type Session, teamLeader } from './api';

export interface SchoolTeam {
  teamId: string;
  /** The teacher who leads it. */
  leader: Session;
}

/**
 * A team in `rektor`'s school, led by a new teacher. The school leader who made it leaves it: from
 * then on they see it only as a school leader, never as a member.
 */
export async function teamInSchool(rektor: Session, school: string, name: string, teacherName: string): Promise<SchoolTeam> {
  const created = await rektor.post('/api/teams', { name, school });
  if (created.status !== 201) throw new Error(`team: ${created.status} ${created.text}`);
  return handOver(rektor, created.json.id as string, teacherName);
}

async function handOver(rektor: Session, teamId: string, teacherName: string): Promise<SchoolTeam> {
  const leader = await addMember(rektor, teamId, 'leader', teacherName);
  const left = await rektor.request('DELETE', `/api/teams/${teamId}/members/${rektor.user.id}`);
  if (left.status !== 204) throw new Error(`leave: ${left.status} ${left.text}`);
  return { teamId, leader };
}

/**
 * A school leader (rektor) who set up a school and its teams, each handed over to a teacher who
 * leads it; the rektor is in none of them.
 */
export async function schoolWithTeams(baseUrl: string, rektorName: string, school: string, teams: Array<[name: string, teacher: string]>) {
  const first = teams[0]!;
  const { session: rektor, teamId } = await teamLeader(baseUrl, rektorName, first[0], school);
  const schoolId = ((await rektor.get(`/api/teams/${teamId}`)).json.school as { id: string }).id;
  const made = [await handOver(rektor, teamId, first[1])];
  for (const [name, teacher] of teams.slice(1)) made.push(await teamInSchool(rektor, school, name, teacher));
  return { rektor, schoolId, teams: made };
}
