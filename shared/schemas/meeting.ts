import { z } from 'zod';
import { MeetingSteps, TeamMeetingSteps } from '../meeting';
import { idParam } from './ids';

export const updateMeetingBody = z
  .strictObject({
    step: z.enum([...MeetingSteps, ...TeamMeetingSteps]),
    facilitatorId: idParam,
    ended: z.literal(true),
  })
  .partial();
