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
  /**
   * What one live document may hold. The sync server refuses an update that would pass these
   * (shared/close-codes.ts DOCUMENT_TOO_LARGE) before anyone else sees it.
   */
  document: {
    /**
     * Nesting of shared types: elements (lists in lists in table cells…) and the text in the
     * innermost one. Tiptap documents rarely pass 15.
     */
    maxDepth: 100,
    /** Stored size: state plus log. A 20-page plan is ~200 KB; a long year of edits a few MB. */
    maxBytes: 32 * 1024 * 1024,
    /** One attribute or text-format value, as stored. An evidence card quotes up to 2,000 characters. */
    maxAttributeBytes: 16 * 1024,
  },
  /** Ranges that readers of content (export, compare, versions, search, outline) clamp attributes to. */
  content: {
    maxTableSpan: 50,
    maxColumnWidth: 5000,
    maxHeadingLevel: 6,
    maxListStart: 100_000,
    /** Characters of one string attribute. */
    maxAttributeChars: 4000,
    /**
     * Characters of a document's text that search indexes (its beginning): about 30 pages. Writing
     * a document's words into the full-text index is one statement the server waits for, and its
     * cost grows with the text; a document can be made megabytes long.
     */
    maxSearchChars: 100_000,
  },
  /** Presence (awareness) states: a name, a colour and a cursor are a few hundred bytes. */
  awareness: {
    maxStateBytes: 8 * 1024,
    maxDocumentBytes: 256 * 1024,
    /** Awareness client ids one socket may speak for (a tab has one; reconnects reuse it). */
    maxClientsPerSocket: 4,
  },
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
