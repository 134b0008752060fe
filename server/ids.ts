import { randomBytes } from 'node:crypto';

/** 128 random bits as 22 url-safe characters (see shared/schemas/ids.ts). */
export const newId = (): string => randomBytes(16).toString('base64url');
