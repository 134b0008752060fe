/**
 * The integration test files that run again with every server on PostgreSQL (`npm run
 * test:postgres`, TEST_DATABASE=postgres; `npm test` runs it last). Not here, and why:
 *   - backup, production (its backup CLI and data-dir lock steps): SQLite's own backup, restore and
 *     file lock — on PostgreSQL, pg_dump/base backups are the operator's (README);
 *   - durability, sync, convergence: they read SQLite's file synchronously inside a socket's
 *     handler or after kill -9 to prove commit-before-broadcast; on PostgreSQL the same promise is
 *     tested by postgres-store and multi-instance-sync/-app (their own cluster);
 *   - blocks-migration: writes SQLite's log by hand (PostgreSQL's migration lock is tested in
 *     multi-instance-app);
 *   - protocol-fuzz: passes on PostgreSQL alone (23 s) but timed out once under doubled load;
 *   - static-assets: no database in it;
 *   - postgres-store, postgres-schema, multi-instance-sync, multi-instance-app, instances: start
 *     their own PostgreSQL already.
 */
export const postgresSuite = [
  'access-matrix',
  'audit',
  'classroom',
  'collab-access',
  'concurrent-decisions',
  'deletion',
  'documents-and-cycles',
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
  'rest',
  'retention',
  'review',
  'round-compare',
  'school-overview',
  'sessions',
  'suggestions',
  'sync-abuse',
  'visibility',
  'workspace',
].map((name) => `test/integration/${name}.test.ts`);
