/**
 * The integration test files that run with every server on PostgreSQL (`npm run test:postgres`,
 * TEST_DATABASE=postgres; CI runs it after `npm test`). The others are about SQLite itself (its
 * file's bytes after a deletion, its backups, raw writes to its log) or the sync layer, which has
 * its own PostgreSQL tests (postgres-store, multi-instance-sync).
 */
export const postgresSuite = [
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
