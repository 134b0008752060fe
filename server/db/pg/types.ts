import { customType } from 'drizzle-orm/pg-core';

/** Bytes (Yjs updates, states, versions) as a Buffer, like better-sqlite3's blobs. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
