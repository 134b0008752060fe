import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie or a link: 256 random bits. Only its hash is ever stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
