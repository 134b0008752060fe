import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL dialect (DATABASE_URL=postgres://…); drizzle.config.ts is SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/pg/schema.ts',
  out: './server/db/pg/migrations',
});
