import { z } from 'zod';
import { ID_PATTERN } from '../ids';

export const idParam = z.string().regex(ID_PATTERN);
