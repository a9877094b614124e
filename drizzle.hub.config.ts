import { defineConfig } from 'drizzle-kit';

// The hub's PostgreSQL schema and migrations (SPEC §7), apart from the bot's SQLite ones (drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/hub/db/schema.ts',
  out: './migrations-hub',
});
