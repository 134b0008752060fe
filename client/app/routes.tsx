import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Navigate, notFound } from '@tanstack/react-router';
import { type ComponentType, lazy } from 'react';
import { DocumentKinds } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import { ActivityVerbs } from '../../shared/schemas/activity';
import { DocumentSorts } from '../../shared/document-list';
import { ID_PATTERN } from '../../shared/ids';
import { NoteCategories } from '../../shared/observation';
import { OidcFailures } from '../../shared/account';
import { AuditActions } from '../../shared/audit';
import { AccountPage } from '../pages/AccountPage';
import { ActivityPage } from '../pages/ActivityPage';
import { ConversationsPage } from '../pages/ConversationsPage';
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage';
import { CyclePage } from '../pages/CyclePage';
import { DocumentsPage } from '../pages/DocumentsPage';
import { HomePage } from '../pages/HomePage';
import { InboxPage } from '../pages/InboxPage';
import { InvitePage } from '../pages/InvitePage';
import { MembersPage } from '../pages/MembersPage';
import { NotificationSettingsPage } from '../pages/NotificationSettingsPage';
import { ResetPasswordPage } from '../pages/ResetPasswordPage';
import { SignupRoutePage } from '../pages/SignupPage';
import { TeamPage } from '../pages/TeamPage';
import { UnsubscribePage } from '../pages/UnsubscribePage';
import { NotFoundPage, noteNavigation, PageError, PageLoading } from './PageStates';
import { RootLayout } from './RootLayout';
import { anId, integer, oneOf, searchParams, text } from './search-params';

/**
 * The app's pages. To add one: a component in `client/pages/` and one `createRoute` entry here
 * (added to `routeTree` below). Ids in paths are checked before anything loads: a malformed one
 * is simply "not found".
 */
declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    /** Shown to people who are not signed in. */
    public?: boolean;
  }
}

/**
 * A page loaded on demand. Unlike the router's own helper it never reloads the page by itself
 * when the chunk is gone (after a deploy): the page's error boundary offers the reload.
 */
function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  let loading: Promise<Record<Name, ComponentType>> | undefined;
  const preload = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return Object.assign(
    lazy(() => preload().then((m) => ({ default: m[name] }))),
    { preload: () => preload().then(() => undefined) },
  );
}

const requireIds = (params: object) => {
  for (const value of Object.values(params)) if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw notFound();
};

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: RootLayout,
  notFoundComponent: () => <NotFoundPage />,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });
const signupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/signup', component: SignupRoutePage, staticData: { public: true } });
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  staticData: { public: true },
  beforeLoad: ({ params }) => {
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.token)) throw notFound();
  },
  component: InvitePage,
});
const inboxRoute = createRoute({ getParentRoute: () => rootRoute, path: '/inbox', component: InboxPage });

// Signing in and the account. `/login` is where a failed sign-in through the provider lands
// (`?oidc_error=`); someone signed out sees the sign-in on every page that is not public.
const oidcFailure = oneOf(OidcFailures);
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: searchParams({ oidc_error: oidcFailure }),
  // Reached only when signed in (RootLayout shows the sign-in otherwise): nothing to do here.
  component: () => <Navigate to="/" />,
});
const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPasswordPage, staticData: { public: true } });
const resetPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/reset-password', component: ResetPasswordPage, staticData: { public: true } });
const unsubscribeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/unsubscribe', component: UnsubscribePage, staticData: { public: true } });
const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account',
  validateSearch: searchParams({ linked: integer(0, Number.MAX_SAFE_INTEGER), oidc_error: oidcFailure }),
  component: AccountPage,
});
const notificationSettingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/account/notifications', component: NotificationSettingsPage });

const teamRoute = createRoute({ getParentRoute: () => rootRoute, path: '/teams/$teamId', beforeLoad: ({ params }) => requireIds(params), component: TeamPage });
const activityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/teams/$teamId/activity',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({ actor: anId, verb: oneOf(ActivityVerbs) }),
  component: ActivityPage,
});
const conversationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/teams/$teamId/conversations',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({ status: oneOf(['open', 'resolved', 'all']) }),
  component: ConversationsPage,
});
const membersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/teams/$teamId/members', beforeLoad: ({ params }) => requireIds(params), component: MembersPage });
// Data ownership (loaded on demand): the team's data, its audit log, Personvern.
const teamDataRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/teams/$teamId/data',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/TeamDataPage'), 'TeamDataPage'),
});
const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/teams/$teamId/audit',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({ action: oneOf(AuditActions), actorId: anId }),
  component: lazyPage(() => import('../pages/AuditPage'), 'AuditPage'),
});
const privacyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/privacy',
  staticData: { public: true },
  component: lazyPage(() => import('../pages/PrivacyPage'), 'PrivacyPage'),
});
const documentsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/teams/$teamId/documents',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({
    q: text(100),
    kind: oneOf(DocumentKinds),
    cycleId: anId,
    tag: text(60),
    archived: oneOf(['only', 'include']),
    sort: oneOf(DocumentSorts),
    order: oneOf(['asc', 'desc']),
    /** The title of a document just deleted, to say so. */
    deleted: text(200),
  }),
  component: DocumentsPage,
});
const cycleRoute = createRoute({ getParentRoute: () => rootRoute, path: '/cycles/$cycleId', beforeLoad: ({ params }) => requireIds(params), component: CyclePage });

// The editor, Yjs and the observation pages load only when a document is opened.
const documentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({ row: integer(0, 500) }),
  component: lazyPage(() => import('../pages/DocumentPage'), 'DocumentPage'),
});
const printRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId/print',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/PrintPage'), 'PrintPage'),
});
const compareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId/compare',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({ from: anId, to: anId }),
  component: lazyPage(() => import('../pages/ComparePage'), 'ComparePage'),
});
const roundCompareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId/rounds',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/RoundComparePage'), 'RoundComparePage'),
});
const observeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId/observe',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/ObservePage'), 'ObservePage'),
});
const timelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$documentId/timeline',
  beforeLoad: ({ params }) => requireIds(params),
  validateSearch: searchParams({
    observer: anId,
    pupil: text(1, /^[A-ZÆØÅ]$/),
    step: integer(0, 500),
    category: oneOf(NoteCategories),
  }),
  component: lazyPage(() => import('../pages/TimelinePage'), 'TimelinePage'),
});

// Beyond the team: my tasks, the library, the school overview, networks (loaded on demand).
const myTasksRoute = createRoute({ getParentRoute: () => rootRoute, path: '/me/tasks', component: lazyPage(() => import('../pages/MyTasksPage'), 'MyTasksPage') });
const libraryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/library',
  validateSearch: searchParams({
    q: text(Limits.search.max),
    focusArea: text(Limits.tag.max),
    kind: oneOf(DocumentKinds),
    subject: text(Limits.library.subject),
    grade: text(Limits.library.grade),
  }),
  component: lazyPage(() => import('../pages/LibraryPage'), 'LibraryPage'),
});
const publishedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/library/$publishedId',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/PublishedPage'), 'PublishedPage'),
});
const schoolRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/schools/$schoolId',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/SchoolPage'), 'SchoolPage'),
});
const schoolTeamRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/schools/$schoolId/teams/$teamId',
  beforeLoad: ({ params }) => requireIds(params),
  component: lazyPage(() => import('../pages/SchoolTeamPage'), 'SchoolTeamPage'),
});
const networkJoinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/networks/join/$token',
  beforeLoad: ({ params }) => {
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.token)) throw notFound();
  },
  component: lazyPage(() => import('../pages/NetworkJoinPage'), 'NetworkJoinPage'),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  signupRoute,
  inviteRoute,
  inboxRoute,
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  unsubscribeRoute,
  accountRoute,
  notificationSettingsRoute,
  teamRoute,
  activityRoute,
  conversationsRoute,
  membersRoute,
  documentsRoute,
  teamDataRoute,
  auditRoute,
  privacyRoute,
  cycleRoute,
  documentRoute,
  printRoute,
  compareRoute,
  roundCompareRoute,
  observeRoute,
  timelineRoute,
  myTasksRoute,
  libraryRoute,
  publishedRoute,
  schoolRoute,
  schoolTeamRoute,
  networkJoinRoute,
]);

export function createAppRouter(queryClient: QueryClient) {
  const created = createRouter({
    routeTree,
    context: { queryClient },
    defaultPendingComponent: PageLoading,
    defaultErrorComponent: PageError,
    defaultNotFoundComponent: () => <NotFoundPage />,
    defaultPreload: 'intent',
    // Query owns freshness; the router only decides what to show.
    defaultPreloadStaleTime: 0,
    // A page is remounted for another team or document, so no state carries over between them.
    defaultRemountDeps: ({ params }) => params,
    scrollRestoration: true,
  });
  created.subscribe('onResolved', ({ fromLocation, pathChanged }) => {
    if (fromLocation && pathChanged) noteNavigation();
  });
  return created;
}
