/**
 * The integration test files that run again with every server on PostgreSQL (`npm run
 * test:postgres`, TEST_DATABASE=postgres; `npm test` runs it last): every integration file that
 * uses a database, with the same assertions; where only reading differs, the test asks
 * `testDatabase` (backup: a pg_dump archive instead of a file; production: instead of SQLite's
 * data-directory lock, a second instance serves the same data). Not here, and why:
 *   - static-assets: no database in it;
 *   - postgres-store, postgres-schema, postgres-transactions, multi-instance-sync, multi-instance-app,
 *     multi-instance-storm, instances: start their own PostgreSQL already (and Redis, where several instances run).
 */
export const postgresSuite = [
  'access-matrix',
  'audit',
  'backup',
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
  'mail-after-commit',
  'malformed-input',
  'metrics',
  'my-tasks',
  'notifications',
  'oidc',
  'password-reset',
  'private-drafts',
  'production',
  'protocol-fuzz',
  'rest',
  'retention',
  'review',
  'round-compare',
  'school-overview',
  'search-text-cadence',
  'sessions',
  'suggestions',
  'sync',
  'sync-abuse',
  'visibility',
  'workspace',
].map((name) => `test/integration/${name}.test.ts`);
