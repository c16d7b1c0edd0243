import 'dayjs/locale/zh-cn';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { RouterProvider } from 'react-router/dom';

import { PageLoading } from './components/states';
import { ApiError } from './lib/api';
import { RequireSession, SessionProvider } from './lib/session';

dayjs.locale('zh-cn');

// People who ask their system for less motion get none (antd's transitions are JavaScript-driven).
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (validation, not found, expired session); retry only what may pass next time.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

// Every page is its own chunk: the public home page does not load the workspace or the search pages.
const PublicLayout = lazy(() => import('./layouts/PublicLayout'));
const WorkspaceLayout = lazy(() => import('./layouts/WorkspaceLayout'));
const Home = lazy(() => import('./pages/Home'));
const DemandHall = lazy(() => import('./pages/DemandHall'));
const DemandDetail = lazy(() => import('./pages/DemandDetail'));
const AchievementLibrary = lazy(() => import('./pages/AchievementLibrary'));
const AchievementDetail = lazy(() => import('./pages/AchievementDetail'));
const Login = lazy(() => import('./pages/Login'));
const Dashboard = lazy(() => import('./pages/workspace/Dashboard'));
const Upcoming = lazy(() => import('./pages/workspace/Upcoming'));
const ReviewQueue = lazy(() => import('./pages/workspace/manager/ReviewQueue'));
const ManagerAchievements = lazy(() => import('./pages/workspace/manager/Achievements'));
const MatchBoard = lazy(() => import('./pages/workspace/manager/MatchBoard'));
const Activities = lazy(() => import('./pages/workspace/organiser/Activities'));
const ActivityDetail = lazy(() => import('./pages/workspace/organiser/ActivityDetail'));
const NotFound = lazy(() => import('./pages/NotFound'));
const Register = lazy(() => import('./pages/Register'));
const Account = lazy(() => import('./pages/workspace/Account'));
const MyDemands = lazy(() => import('./pages/workspace/enterprise/MyDemands'));
const DemandForm = lazy(() => import('./pages/workspace/enterprise/DemandForm'));
const MyDemandDetail = lazy(() => import('./pages/workspace/enterprise/MyDemandDetail'));
const DemandSuggestions = lazy(() => import('./pages/workspace/enterprise/DemandSuggestions'));
const MyAchievements = lazy(() => import('./pages/workspace/university/MyAchievements'));
const ImportWizard = lazy(() => import('./pages/workspace/university/ImportWizard'));
const InstitutionProfile = lazy(() => import('./pages/workspace/university/InstitutionProfile'));
const Indicators = lazy(() => import('./pages/workspace/bureau/Indicators'));
const Users = lazy(() => import('./pages/workspace/bureau/Users'));
const AuditLog = lazy(() => import('./pages/workspace/bureau/AuditLog'));
const Notifications = lazy(() => import('./pages/workspace/notifications/Notifications'));
const Evaluations = lazy(() => import('./pages/workspace/evaluation/Evaluations'));
const MyEvaluation = lazy(() => import('./pages/workspace/evaluation/MyEvaluation'));
const ServiceRatings = lazy(() => import('./pages/workspace/evaluation/ServiceRatings'));
const MyProfile = lazy(() => import('./pages/workspace/managers/MyProfile'));
const Assignments = lazy(() => import('./pages/workspace/managers/Assignments'));
const ServiceLog = lazy(() => import('./pages/workspace/managers/ServiceLog'));
const DemandList = lazy(() => import('./pages/workspace/managers/DemandList'));
const ManagerDirectory = lazy(() => import('./pages/workspace/managers/Directory'));
const Unsubscribe = lazy(() => import('./pages/Unsubscribe'));
const FinancingNeeds = lazy(() => import('./pages/workspace/finance/FinancingNeeds'));
const FinancingNeedForm = lazy(() => import('./pages/workspace/finance/FinancingNeedForm'));
const FinancingNeedDetail = lazy(() => import('./pages/workspace/finance/FinancingNeedDetail'));
const BankDesk = lazy(() => import('./pages/workspace/finance/BankDesk'));
const BankNeedDetail = lazy(() => import('./pages/workspace/finance/BankNeedDetail'));
const ChallengeHall = lazy(() => import('./pages/ChallengeHall'));
const ChallengeDetail = lazy(() => import('./pages/ChallengeDetail'));
const CallBoard = lazy(() => import('./pages/workspace/challenges/CallBoard'));
const CallManage = lazy(() => import('./pages/workspace/challenges/CallManage'));
const ChallengeProjects = lazy(() => import('./pages/workspace/challenges/Projects'));
const Consortia = lazy(() => import('./pages/workspace/challenges/Consortia'));
const MyBids = lazy(() => import('./pages/workspace/challenges/MyBids'));
const MyInvitations = lazy(() => import('./pages/workspace/challenges/MyInvitations'));
const BidForm = lazy(() => import('./pages/workspace/challenges/BidForm'));
const ReviewTasks = lazy(() => import('./pages/workspace/challenges/ReviewTasks'));
const Scoring = lazy(() => import('./pages/workspace/challenges/Scoring'));

function Root() {
  return (
    <SessionProvider>
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </SessionProvider>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { index: true, element: <Home /> },
          { path: 'hall', element: <DemandHall /> },
          { path: 'hall/:id', element: <DemandDetail /> },
          { path: 'library', element: <AchievementLibrary /> },
          { path: 'library/:id', element: <AchievementDetail /> },
          { path: 'calls', element: <ChallengeHall /> },
          { path: 'calls/:id', element: <ChallengeDetail /> },
          { path: 'login', element: <Login /> },
          { path: 'register', element: <Register /> },
          { path: 'unsubscribe', element: <Unsubscribe /> },
          { path: '*', element: <NotFound /> },
        ],
      },
      {
        path: 'workspace',
        element: (
          <RequireSession>
            <WorkspaceLayout />
          </RequireSession>
        ),
        children: [
          { index: true, element: <Dashboard /> },
          { path: 'account', element: <Account /> },
          { path: 'my-demands', element: <MyDemands /> },
          { path: 'my-demands/new', element: <DemandForm /> },
          { path: 'my-demands/:id', element: <MyDemandDetail /> },
          { path: 'my-demands/:id/edit', element: <DemandForm /> },
          { path: 'my-demands/:id/matches', element: <DemandSuggestions /> },
          { path: 'demands', element: <ReviewQueue /> },
          { path: 'achievements', element: <ManagerAchievements /> },
          { path: 'matches', element: <MatchBoard /> },
          { path: 'my-achievements', element: <MyAchievements /> },
          { path: 'imports', element: <ImportWizard /> },
          { path: 'institution', element: <InstitutionProfile /> },
          { path: 'indicators', element: <Indicators /> },
          { path: 'users', element: <Users /> },
          { path: 'audit', element: <AuditLog /> },
          { path: 'activities', element: <Activities /> },
          { path: 'activities/:id', element: <ActivityDetail /> },
          { path: 'notifications', element: <Notifications /> },
          { path: 'financing', element: <FinancingNeeds /> },
          { path: 'financing/new', element: <FinancingNeedForm /> },
          { path: 'financing/:id', element: <FinancingNeedDetail /> },
          { path: 'bank', element: <BankDesk /> },
          { path: 'bank/:id', element: <BankNeedDetail /> },
          { path: 'evaluations', element: <Evaluations /> },
          { path: 'my-evaluation', element: <MyEvaluation /> },
          { path: 'service-ratings', element: <ServiceRatings /> },
          { path: 'challenges', element: <CallBoard /> },
          { path: 'challenges/:id', element: <CallManage /> },
          { path: 'challenges/projects', element: <ChallengeProjects /> },
          { path: 'challenges/consortia', element: <Consortia /> },
          { path: 'my-bids', element: <MyBids /> },
          { path: 'my-bids/new', element: <BidForm /> },
          { path: 'my-bids/:bidId', element: <BidForm /> },
          { path: 'my-invitations', element: <MyInvitations /> },
          { path: 'reviews', element: <ReviewTasks /> },
          { path: 'reviews/:id', element: <Scoring /> },
          { path: 'my-profile', element: <MyProfile /> },
          { path: 'assignments', element: <Assignments /> },
          { path: 'service-records', element: <ServiceLog /> },
          { path: 'service-records/demand-list/:organisationId', element: <DemandList /> },
          { path: 'manager-directory', element: <ManagerDirectory /> },
          { path: ':section', element: <Upcoming /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        // Secondary texts darker than antd's defaults: WCAG AA contrast on white (checked by axe in the tests).
        token: {
          colorPrimary: '#1d4ed8',
          colorPrimaryHover: '#1e40af',
          colorPrimaryActive: '#1e3a8a',
          // Links under the pointer (menu entries included) keep AA contrast: antd's default hover blue has 2.2:1.
          colorLinkHover: '#1e40af',
          borderRadius: 6,
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
          // Danger buttons and error texts: AA contrast on white.
          colorError: '#c81e1e',
          motion: !reducedMotion,
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
