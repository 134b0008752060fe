import { Hono } from 'hono';
import { collabPermission } from '../../../shared/roles';
import { createDocumentBody } from '../../../shared/schemas/documents';
import type { AppDeps, AppEnv } from '../../context';
import { createDocument } from '../../documents/create-document';
import { findDocument, listDocuments } from '../../documents/find-documents';
import { authorizeDocument, authorizeTeam } from '../../policies';
import { validate } from '../../validate';
import { documentParam, teamParam } from '../params';

export const documentRoutes = ({ db }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/documents', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      authorizeTeam(db, c.var.auth, teamId, 'document.read');
      return c.json({ documents: listDocuments(db, teamId) }, 200);
    })
    .post('/teams/:teamId/documents', validate('param', teamParam), validate('json', createDocumentBody), (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = authorizeTeam(db, c.var.auth, teamId, 'document.create');
      return c.json(createDocument(db, teamId, user.user.id, c.req.valid('json')), 201);
    })
    .get('/documents/:documentId', validate('param', documentParam), (c) => {
      const { documentId } = c.req.valid('param');
      const { role } = authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ ...findDocument(db, documentId)!, access: collabPermission(role) }, 200);
    });
