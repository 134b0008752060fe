import { Hono } from 'hono';
import { createTeamBody } from '../../../shared/schemas/teams';
import type { AppDeps, AppEnv } from '../../context';
import { authorizeTeam, requireUser } from '../../policies';
import { createTeam } from '../../teams/create-team';
import { findTeamForUser, listTeamsForUser } from '../../teams/find-teams';
import { validate } from '../../validate';
import { teamParam } from '../params';

export const teamRoutes = ({ db }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ teams: listTeamsForUser(db, user.id) }, 200);
    })
    .post('/', validate('json', createTeamBody), (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(createTeam(db, user.id, c.req.valid('json')), 201);
    })
    .get('/:teamId', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json(findTeamForUser(db, teamId, user.user.id)!, 200);
    });
