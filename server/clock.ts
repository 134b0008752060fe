/** Time, injectable so tests can move it (retention runs on days-long clocks). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
