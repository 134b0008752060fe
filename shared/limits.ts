export const Limits = {
  /** Largest websocket frame the server accepts. A 20-page plan is ~200 KB of Yjs state. */
  maxFrameBytes: 4 * 1024 * 1024,
  /** Largest JSON request body on /api. */
  maxJsonBodyBytes: 64 * 1024,
  teamName: { min: 1, max: 120 },
  schoolName: { min: 1, max: 160 },
  documentTitle: { min: 1, max: 200 },
  personName: { min: 1, max: 80 },
  email: { max: 254 },
  password: { min: 10, max: 200 },
  invite: { maxDays: 30, maxUses: 100 },
  tag: { max: 60, maxPerItem: 20 },
  researchQuestion: { max: 500 },
  focus: { max: 1000 },
  cycle: { maxRounds: 6 },
  search: { min: 2, max: 100 },
  comment: { max: 4000, quote: 500, anchor: 400 },
  versionName: { max: 120 },
  library: { subject: 60, grade: 30 },
  network: { name: 160, inviteDays: 14 },
  /** Video-meeting links on reflection and team meetings. */
  meetingUrl: { max: 500 },
  /**
   * Aggregates across people (teachers, stories) show a count only from this many up: a smaller
   * group could point at a person (DESIGN §5).
   */
  minAggregateGroup: 5,
} as const;
