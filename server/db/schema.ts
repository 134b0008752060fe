import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** scrypt$N$r$p$salt$hash; null for an account that only signs in through OpenID Connect. */
    passwordHash: text('password_hash'),
    createdAt: createdAt(),
    /**
     * Set when the account was deleted: the row stays as a tombstone (name and e-mail erased) so
     * that the person's comments in other teams' threads read "slettet bruker".
     */
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Server-side sessions. The cookie carries a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    id: text('id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), uniqueIndex('sessions_id_idx').on(t.id)],
);

export const schools = sqliteTable(
  'schools',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    /** The Feide org unit this school is, when a team was made for it from a Feide sign-in. */
    feideOrgId: text('feide_org_id'),
  },
  (t) => [uniqueIndex('schools_feide_org_idx').on(t.feideOrgId)],
);

export const teams = sqliteTable(
  'teams',
  {
    id: text('id').primaryKey(),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    name: text('name').notNull(),
    /** The team's research theme (forskningstema) and focus-area tags, shown on the team home. */
    focus: text('focus').notNull().default(''),
    focusTags: text('focus_tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    /** Whether guests and viewers see members' e-mail addresses (teachers of the team always do). */
    memberEmailsVisibleToGuests: integer('member_emails_visible_to_guests', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('teams_school_idx').on(t.schoolId)],
);

/**
 * The school's leaders (skoleleder, shared/roles.ts SchoolRoles): whoever created the school, and
 * those a school leader granted it to. What the role may see is decided in server/policies.ts.
 */
export const schoolAdmins = sqliteTable(
  'school_admins',
  {
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /**
     * Who granted it; null for the person who created the school. (No foreign key: SQLite adds a
     * column's reference without its ON DELETE, and the grant outlives the granter.)
     */
    grantedBy: text('granted_by'),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.userId] })],
);

export const memberships = sqliteTable(
  'memberships',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** leader | member | guest | viewer (shared/roles.ts) */
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const invites = sqliteTable(
  'invites',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    role: text('role').notNull(),
    maxUses: integer('max_uses').notNull(),
    uses: integer('uses').notNull().default(0),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('invites_token_idx').on(t.tokenHash), index('invites_team_idx').on(t.teamId)],
);

/** A lesson-study cycle: a research question worked through in rounds of plan → share. */
export const cycles = sqliteTable(
  'cycles',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    researchQuestion: text('research_question').notNull().default(''),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** plan | observe | reflect | revise | share (shared/cycles.ts) */
    phase: text('phase').notNull().default('plan'),
    round: integer('round').notNull().default(1),
    plannedRounds: integer('planned_rounds').notNull().default(3),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    /** Days the raw observation notes are kept after the cycle is closed (0: deleted at once). */
    observationRetentionDays: integer('observation_retention_days').notNull().default(30),
    /** When the cycle was closed; the retention clock starts here. Null while it runs. */
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /** When retention last deleted the cycle's observation documents. */
    observationsDeletedAt: integer('observations_deleted_at', { mode: 'timestamp_ms' }),
    /**
     * For a cycle forked from the library: the published copy it started from. (No foreign key:
     * SQLite adds a column's reference without its ON DELETE; an origin that is gone reads as withdrawn.)
     */
    originPublishedId: text('origin_published_id'),
  },
  (t) => [index('cycles_team_idx').on(t.teamId, t.updatedAt), index('cycles_origin_idx').on(t.originPublishedId)],
);

/** When someone last looked at a team's home, for "since your last visit". */
export const teamVisits = sqliteTable(
  'team_visits',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    visitedAt: integer('visited_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    cycleId: text('cycle_id').references(() => cycles.id, { onDelete: 'set null' }),
    /** The cycle round this document belongs to (1, 2, 3…). */
    round: integer('round'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** For a next-round plan: the plan it was made from. */
    derivedFrom: text('derived_from'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    lastEditedBy: text('last_edited_by').references(() => users.id, { onDelete: 'set null' }),
    /** Plain text of the content, refreshed while it is edited; for search within the team. */
    searchText: text('search_text').notNull().default(''),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    /** private (its author only) | team (shared/privacy.ts Visibilities). */
    visibility: text('visibility').notNull().default('team'),
    /** Reflection and team meetings: the link to the video meeting (https only). */
    meetingUrl: text('meeting_url'),
  },
  (t) => [index('documents_team_idx').on(t.teamId, t.updatedAt), index('documents_cycle_idx').on(t.cycleId)],
);

/** Append-only log of accepted Yjs updates, in arrival order. */
export const documentUpdates = sqliteTable(
  'document_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    update: blob('update', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('document_updates_doc_seq_idx').on(t.documentId, t.seq)],
);

/** The log folded into one Yjs update; the document is this state plus its remaining log rows. */
export const documentStates = sqliteTable('document_states', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: blob('state', { mode: 'buffer' }).notNull(),
  compactedAt: integer('compacted_at', { mode: 'timestamp_ms' }).notNull(),
});

/** A comment thread anchored to a range of a document by two Yjs relative positions. */
export const commentThreads = sqliteTable(
  'comment_threads',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Y.encodeRelativePosition, base64. */
    anchorStart: text('anchor_start').notNull(),
    anchorEnd: text('anchor_end').notNull(),
    /** The text that was selected, kept to show if the anchored text is deleted. */
    quote: text('quote').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('threads_document_idx').on(t.documentId), index('threads_team_idx').on(t.teamId, t.resolvedAt)],
);

export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    threadId: text('thread_id')
      .notNull()
      .references(() => commentThreads.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** User ids mentioned with @. */
    mentions: text('mentions', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('comments_thread_idx').on(t.threadId, t.createdAt)],
);

/** When a user last read a thread: later comments by others are new to them. */
export const threadReads = sqliteTable(
  'thread_reads',
  {
    threadId: text('thread_id')
      .notNull()
      .references(() => commentThreads.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    readAt: integer('read_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.userId] })],
);

/** When a user last had a document open, and the content's state vector at that moment. */
export const documentVisits = sqliteTable(
  'document_visits',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    visitedAt: integer('visited_at', { mode: 'timestamp_ms' }).notNull(),
    stateVector: blob('state_vector', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] })],
);

/** Mentions and replies addressed to one person. */
export const inboxItems = sqliteTable(
  'inbox_items',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** mention | reply */
    kind: text('kind').notNull(),
    threadId: text('thread_id')
      .notNull()
      .references(() => commentThreads.id, { onDelete: 'cascade' }),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('inbox_user_idx').on(t.userId, t.createdAt)],
);

/** Who did what, when, in a team: the activity feed. */
export const activities = sqliteTable(
  'activities',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** shared/schemas/activity.ts ActivityVerbs */
    verb: text('verb').notNull(),
    documentId: text('document_id').references(() => documents.id, { onDelete: 'cascade' }),
    cycleId: text('cycle_id').references(() => cycles.id, { onDelete: 'cascade' }),
    threadId: text('thread_id').references(() => commentThreads.id, { onDelete: 'cascade' }),
    /** What to show without joins: titles and names at the time. */
    summary: text('summary', { mode: 'json' }).$type<Record<string, string | number>>().notNull().default({}),
    createdAt: createdAt(),
  },
  // By document: an edit report's "already in the feed" look (per editor, every few seconds while
  // people type) and a document's deletion (its activities cascade) read it instead of every row.
  (t) => [index('activities_team_idx').on(t.teamId, t.createdAt), index('activities_document_idx').on(t.documentId, t.actorId, t.createdAt)],
);

/**
 * A named version: the document's content at that moment as a fresh Yjs update (no history, no
 * deleted content), deflated. Restoring writes it back as a new change.
 */
export const documentVersions = sqliteTable(
  'document_versions',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    /** SHA-256 of the uncompressed content, so unchanged automatic versions are not stored twice. */
    contentHash: text('content_hash').notNull(),
    auto: integer('auto', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('versions_document_idx').on(t.documentId, t.createdAt)],
);

/** A guided post-lesson discussion running on a reflection document. */
export const meetings = sqliteTable('meetings', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  facilitatorId: text('facilitator_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** shared/meeting.ts MeetingSteps */
  step: text('step').notNull(),
  stepStartedAt: integer('step_started_at', { mode: 'timestamp_ms' }).notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
});

/**
 * The one clock of a research lesson, shared by every observer: started once (by whoever starts
 * it first), so every note's lesson minute counts from the same moment.
 */
export const lessonClocks = sqliteTable('lesson_clocks', {
  planId: text('plan_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  startedBy: text('started_by').references(() => users.id, { onDelete: 'set null' }),
});

/**
 * An OpenID Connect identity (e.g. Feide) that signs in to an account. Matched by the provider's
 * stable subject, or by the Feide user id the provider vouches for — never by e-mail alone.
 */
export const userIdentities = sqliteTable(
  'user_identities',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** Feide's eduPersonPrincipalName (e.g. ola@skole.no), when the provider gives one. */
    feideId: text('feide_id'),
    /** The school units (Feide org units) the provider said this person belongs to at the last login. */
    orgUnits: text('org_units', { mode: 'json' }).$type<Array<{ id: string; name: string }>>().notNull().default([]),
    createdAt: createdAt(),
    lastLoginAt: integer('last_login_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('identities_subject_idx').on(t.issuer, t.subject),
    index('identities_feide_idx').on(t.issuer, t.feideId),
    index('identities_user_idx').on(t.userId),
  ],
);

/** An OpenID Connect login under way: what the callback must check. Used once, then deleted. */
export const oidcLogins = sqliteTable('oidc_logins', {
  /** SHA-256 of the random value in the browser's short-lived cookie. */
  idHash: text('id_hash').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Where to go afterwards (a path of ours). */
  returnTo: text('return_to').notNull(),
  /** Set when a signed-in person links this identity to their account. */
  linkUserId: text('link_user_id').references(() => users.id, { onDelete: 'cascade' }),
  inviteToken: text('invite_token'),
  createdAt: createdAt(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/** A password-reset link: single use, short-lived, only its hash stored. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/**
 * Mails waiting to be delivered, and a trace of those that were. The message itself (address,
 * subject, body) is encrypted, and wiped once delivered: it can carry a reset link.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    /** What it is (password_reset, notification, …), for logs and metrics. */
    kind: text('kind').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** AES-256-GCM of the JSON message; null once delivered or given up. */
    payload: blob('payload', { mode: 'buffer' }),
    createdAt: createdAt(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** An instance sending it holds it until then, so two never send the same mail. */
    claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    failedAt: integer('failed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('mail_outbox_due_idx').on(t.sentAt, t.failedAt, t.nextAttemptAt)],
);

/** What a person wants to hear about by e-mail, and in which language. */
export const notificationSettings = sqliteTable('notification_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** nb | nn | en */
  language: text('language').notNull().default('nb'),
  mentions: integer('mentions', { mode: 'boolean' }).notNull().default(true),
  comments: integer('comments', { mode: 'boolean' }).notNull().default(true),
  tasks: integer('tasks', { mode: 'boolean' }).notNull().default(true),
  digest: integer('digest', { mode: 'boolean' }).notNull().default(true),
  /** 0 = Sunday … 6 = Saturday, in the server's notification time zone. */
  digestDay: integer('digest_day').notNull().default(1),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Comments someone should hear about by e-mail, collected for a few minutes and sent together. */
export const pendingNotifications = sqliteTable(
  'pending_notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** mention | reply | comment (a new comment on a document they created) */
    kind: text('kind').notNull(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('pending_notifications_user_idx').on(t.userId, t.createdAt)],
);

/** When a guest last got the weekly digest for a team. */
export const digestLog = sqliteTable(
  'digest_log',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.teamId] })],
);

/** Action items (task list items with owner and due date) as last seen in each document. */
export const actionItems = sqliteTable(
  'action_items',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Position among the document's action items (0, 1, …). */
    position: integer('position').notNull(),
    /** Who owns it, as typed in the document (a name or an e-mail address). */
    owner: text('owner').notNull(),
    /** YYYY-MM-DD */
    due: text('due').notNull(),
    done: integer('done', { mode: 'boolean' }).notNull(),
    /** What is to be done, as written (clamped); shown in "My tasks" to whoever may see the document. */
    text: text('text').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.position] }), index('action_items_due_idx').on(t.due)],
);

/** Reminders already sent, so a due date is announced once per person and document. */
export const taskReminders = sqliteTable(
  'task_reminders',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    due: text('due').notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId, t.due] })],
);

/**
 * Who read raw observation notes, shared, exported or deleted something, changed a role or invited
 * someone: when, and from which address. Not tied to the team by a foreign key, so the record of a
 * team's deletion outlives the team; rows are deleted after 12 months.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** shared/schemas/audit.ts AuditActions */
    action: text('action').notNull(),
    /** team | cycle | document | member | invite | account */
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** Small facts about the event (a role, a count, a kind); never document content. */
    detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    address: text('address'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_team_idx').on(t.teamId, t.createdAt), index('audit_created_idx').on(t.createdAt)],
);

/** A group of schools that share published work: a municipality, a university college's partner schools. */
export const networks = sqliteTable('networks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const networkSchools = sqliteTable(
  'network_schools',
  {
    networkId: text('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    /** The school leader who brought the school in (created the network, or accepted an invitation). */
    joinedBy: text('joined_by').references(() => users.id, { onDelete: 'set null' }),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.schoolId] }), index('network_schools_school_idx').on(t.schoolId)],
);

/** An invitation for another school into a network, accepted by one of that school's leaders. */
export const networkInvites = sqliteTable(
  'network_invites',
  {
    id: text('id').primaryKey(),
    networkId: text('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    usedBySchool: text('used_by_school').references(() => schools.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('network_invites_token_idx').on(t.tokenHash), index('network_invites_network_idx').on(t.networkId)],
);

/**
 * A frozen copy of a team's document published to its school or to the school's networks: the
 * content at that moment (no history), checked for pupil references and confirmed by the
 * publisher. Withdrawing wipes the content and text; the row stays so forks keep their origin.
 */
export const publishedDocuments = sqliteTable(
  'published_documents',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    /** The team's document it was copied from (gone if the team deletes it; the copy stays). */
    sourceDocumentId: text('source_document_id').references(() => documents.id, { onDelete: 'set null' }),
    /** school | network (shared/schemas/library.ts PublishScopes) */
    scope: text('scope').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** Focus areas, outcomes and the team's own tags of the document and its cycle. */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    subject: text('subject').notNull().default(''),
    grade: text('grade').notNull().default(''),
    researchQuestion: text('research_question').notNull().default(''),
    /** The content as a fresh Yjs update, deflated; null once withdrawn. */
    content: blob('content', { mode: 'buffer' }),
    /** Plain text for full-text search and previews; '' once withdrawn. */
    text: text('text').notNull().default(''),
    /** How many possible pupil references the check found when the publisher confirmed. */
    referencesFound: integer('references_found').notNull().default(0),
    publishedBy: text('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
    withdrawnBy: text('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('published_school_idx').on(t.schoolId, t.publishedAt),
    index('published_team_idx').on(t.teamId),
    index('published_source_idx').on(t.sourceDocumentId),
  ],
);
