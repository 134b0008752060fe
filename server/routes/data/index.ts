import { Hono } from 'hono';
import { z } from 'zod';
import { Retention } from '../../../shared/privacy';
import { auditQuery } from '../../../shared/schemas/audit';
import type { PrivacySettings } from '../../../shared/schemas/data';
import { type ExportProgress, exportIdField } from '../../../shared/schemas/team-archive';
import { actorOf } from '../../audit/actor';
import { listAudit, recordAudit } from '../../audit/audit';
import { limitBody } from '../../body-limit';
import type { AppDeps, AppEnv } from '../../context';
import { attachment, fileName } from '../../documents/file-name';
import { AppError, notFound } from '../../errors';
import { collectArchive, streamArchive } from '../../export/export-team';
import { importTeam } from '../../export/import-team';
import { pendingDeletions } from '../../retention/pending';
import { authorizeTeam, requireUser } from '../../policies';
import { validate } from '../../validate';
import { teamParam } from '../params';

export const IMPORT_PATH = '/api/teams/import';

const exportQuery = z.object({ exportId: exportIdField.optional() });
const progressParam = teamParam.extend({ exportId: exportIdField });
/** How long a finished export's progress can still be asked for. */
const PROGRESS_KEPT_MS = 10 * 60_000;

/** A team's data, out (export) and back in (import). */
export const dataRoutes = (deps: AppDeps) => {
  const { db, config, clock } = deps;
  const progress = new Map<string, ExportProgress>();
  const progressKey = (teamId: string, userId: string, exportId: string) => `${teamId}:${userId}:${exportId}`;

  return new Hono<AppEnv>()
    // Public: a school reads what is kept before it signs anyone up (its DPIA needs it).
    .get('/privacy', (c) =>
      c.json<PrivacySettings>(
        {
          retention: {
            defaultObservationDays: Retention.defaultObservationDays,
            maxObservationDays: Retention.maxObservationDays,
            warnDays: Retention.warnDays,
            auditDays: Retention.auditDays,
          },
          sessionHours: Math.round(config.sessionTtlMs / 3_600_000),
          signup: config.signup,
          storage: 'sqlite',
          secureDelete: true,
          importMaxMb: Math.round(config.importMaxBytes / 1024 / 1024),
          backups: config.backup ? { everyHours: config.backup.everyMs / 3_600_000, keep: config.backup.keep } : null,
          identityProvider: config.oidc?.name ?? null,
        },
        200,
      ),
    )
    .get('/teams/:teamId/export', validate('param', teamParam), validate('query', exportQuery), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user, viewer } = await authorizeTeam(db, c.var.auth, teamId, 'data.export');
      const now = clock.now();
      const archive = await collectArchive(db, teamId, viewer, now);
      const actor = actorOf(c, config.trustProxy);
      await recordAudit(db, actor, { teamId, action: 'team.exported', targetType: 'team', targetId: teamId, detail: { documents: archive.documents.length } }, now);
      for (const d of archive.documents.filter((x) => x.kind === 'observation')) {
        await recordAudit(db, actor, { teamId, action: 'observation.exported', targetType: 'document', targetId: d.id, detail: { title: d.title } }, now);
      }
      const { exportId } = c.req.valid('query');
      const key = exportId ? progressKey(teamId, user.user.id, exportId) : null;
      const state: ExportProgress = { documents: { done: 0, total: archive.documents.length }, bytes: 0, finished: false, failed: false };
      if (key) progress.set(key, state);
      const stream = streamArchive(deps, archive, state, () => {
        if (key) setTimeout(() => progress.delete(key), PROGRESS_KEPT_MS).unref();
      });
      const name = `fellesrom-${fileName(archive.team.name)}-${now.toISOString().slice(0, 10)}.zip`;
      return c.body(stream, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': attachment(name),
        'Cache-Control': 'private, no-store',
        'X-Export-Documents': String(archive.documents.length),
      });
    })
    .get('/teams/:teamId/export/progress/:exportId', validate('param', progressParam), async (c) => {
      const { teamId, exportId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'data.export');
      const state = progress.get(progressKey(teamId, user.user.id, exportId));
      if (!state) throw notFound('No export with this id is running');
      return c.json(state, 200);
    })
    .get('/teams/:teamId/retention', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'retention.manage');
      return c.json({ pending: await pendingDeletions(db, teamId, clock.now()), warnDays: Retention.warnDays }, 200);
    })
    .get('/teams/:teamId/audit', validate('param', teamParam), validate('query', auditQuery), async (c) => {
      const { teamId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'audit.read');
      return c.json({ events: await listAudit(db, teamId, c.req.valid('query')) }, 200);
    })
    .post('/teams/import', limitBody(config.importMaxBytes), async (c) => {
      const { user } = requireUser(c.var.auth);
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(zip|x-zip-compressed|octet-stream)\b/.test(type)) {
        throw new AppError(400, 'bad_request', 'Send the export as application/zip');
      }
      const zip = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await importTeam(db, zip, user, actorOf(c, config.trustProxy)), 201);
    });
};
