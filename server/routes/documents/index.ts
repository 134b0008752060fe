import { Hono } from 'hono';
import { z } from 'zod';
import { createDocumentBody } from '../../../shared/schemas/documents';
import { idParam } from '../../../shared/schemas/ids';
import type { AppDeps } from '../../context';
import { createDocument } from '../../documents/create-document';
import { findDocument, listDocuments } from '../../documents/find-documents';
import { notFound } from '../../errors';
import { findTeam } from '../../teams/find-teams';
import { validate } from '../../validate';

const teamParam = z.object({ teamId: idParam });
const documentParam = z.object({ documentId: idParam });

export const documentRoutes = ({ db }: AppDeps) =>
  new Hono()
    .get('/teams/:teamId/documents', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      if (!findTeam(db, teamId)) throw notFound('Team not found');
      return c.json({ documents: listDocuments(db, teamId) }, 200);
    })
    .post('/teams/:teamId/documents', validate('param', teamParam), validate('json', createDocumentBody), (c) => {
      const { teamId } = c.req.valid('param');
      if (!findTeam(db, teamId)) throw notFound('Team not found');
      return c.json(createDocument(db, teamId, c.req.valid('json')), 201);
    })
    .get('/documents/:documentId', validate('param', documentParam), (c) => {
      const document = findDocument(db, c.req.valid('param').documentId);
      if (!document) throw notFound('Document not found');
      return c.json(document, 200);
    });
