import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./db/schema.ts', './db/schema-rotation.ts', './db/schema-usage.ts', './db/schema-tags.ts', './db/schema-oidc.ts'],
  out: './db/migrations',
});
