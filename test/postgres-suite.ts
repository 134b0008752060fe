/**
 * The integration test files that run again with every server on PostgreSQL (`npm run
 * test:postgres`, TEST_DATABASE=postgres; `npm test` runs it last). Not here, and why:
 *   - backup, production (its backup CLI and data-dir lock steps): SQLite's own backup, restore and
 *     file lock — on PostgreSQL, pg_dump/base backups are the operator's (README);
 *   - static-assets: no database in it;
 *   - postgres-store, postgres-schema, multi-instance-sync, multi-instance-app, instances: start
 *     their own PostgreSQL already.
 */
export const postgresSuite = [
  'access-matrix',
  'audit',
  'blocks-migration',
  'classroom',
  'collab-access',
  'concurrent-decisions',
  'convergence',
  'deletion',
  'documents-and-cycles',
  'durability',
  'export',
  'hostile-documents',
  'library',
  'mail',
  'malformed-input',
  'metrics',
  'my-tasks',
  'notifications',
  'oidc',
  'password-reset',
  'private-drafts',
  'protocol-fuzz',
  'rest',
  'retention',
  'review',
  'round-compare',
  'school-overview',
  'sessions',
  'suggestions',
  'sync',
  'sync-abuse',
  'visibility',
  'workspace',
].map((name) => `test/integration/${name}.test.ts`);
