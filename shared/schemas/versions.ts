import { z } from 'zod';
import { Limits } from '../limits';

export const createVersionBody = z.strictObject({ name: z.string().trim().min(1).max(Limits.versionName.max) });

export interface Version {
  id: string;
  name: string;
  auto: boolean;
  createdByName: string | null;
  createdAt: string;
  /** Stored size in bytes (compressed content). */
  bytes: number;
}

/** ProseMirror JSON with `diffInsert`/`diffDelete` marks (and node attrs) showing the changes. */
export interface VersionComparison {
  from: { id: string | null; name: string };
  to: { id: string | null; name: string };
  doc: unknown;
  added: number;
  removed: number;
}
