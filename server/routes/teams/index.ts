import { Hono } from 'hono';
import { z } from 'zod';
import { idParam } from '../../../shared/schemas/ids';
import { createTeamBody } from '../../../shared/schemas/teams';
import type { AppDeps } from '../../context';
import { notFound } from '../../errors';
import { createTeam } from '../../teams/create-team';
import { findTeam, listTeams } from '../../teams/find-teams';
import { validate } from '../../validate';

export const teamRoutes = ({ db }: AppDeps) =>
  new Hono()
    .get('/', (c) => c.json({ teams: listTeams(db) }, 200))
    .post('/', validate('json', createTeamBody), (c) => c.json(createTeam(db, c.req.valid('json')), 201))
    .get('/:teamId', validate('param', z.object({ teamId: idParam })), (c) => {
      const team = findTeam(db, c.req.valid('param').teamId);
      if (!team) throw notFound('Team not found');
      return c.json(team, 200);
    });
