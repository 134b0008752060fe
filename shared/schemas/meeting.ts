import { z } from 'zod';
import { MeetingSteps } from '../meeting';
import { idParam } from './ids';

export const updateMeetingBody = z
  .strictObject({
    step: z.enum(MeetingSteps),
    facilitatorId: idParam,
    ended: z.literal(true),
  })
  .partial();
