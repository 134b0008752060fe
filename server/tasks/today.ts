import type { Config } from '../config';
import { localTime } from '../notifications/local-time';

/** Today's date where the school is (NOTIFY_TIME_ZONE), for what is overdue. */
export const today = (config: Config, now = new Date()): string => localTime(now, config.notify.timeZone).date;
