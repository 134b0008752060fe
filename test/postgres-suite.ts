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
  'documents-and-cycles',
  'export',
  'mail',
  'malformed-input',
  'my-tasks',
  'notifications',
  'oidc',
  'password-reset',
  'private-drafts',
  'rest',
  'review',
  'round-compare',
  'sessions',
  'suggestions',
  'visibility',
  'workspace',
].map((name) => `test/integration/${name}.test.ts`);
