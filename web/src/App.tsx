import { lazy, Suspense, useEffect } from 'react';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { AppLayout, homeOf } from './components/AppLayout';
import { FullPageSpin } from './components/FullPageSpin';
import { useUser } from './auth/AuthContext';
import { LoginPage } from './pages/LoginPage';
import { PasswordPage } from './pages/PasswordPage';
import { pages } from './boot';

const MapPage = lazy(pages.map);
const CaseListPage = lazy(pages.cases);
const CasePage = lazy(pages.case);
const NotFoundPage = lazy(pages.notFound);
const TodoPage = lazy(pages.todo);
const IndexPage = lazy(pages.index);
const IndexUnitPage = lazy(pages.indexUnit);
const ReportPage = lazy(pages.report);
const OverviewPage = lazy(pages.overview);
const CockpitPage = lazy(pages.cockpit);
const AuditPage = lazy(pages.audit);
const RulesPage = lazy(pages.rules);
const AccountsPage = lazy(pages.accounts);
const CalendarPage = lazy(pages.calendar);
const IndexDefinitionPage = lazy(pages.indexDefinition);
const ImportPage = lazy(pages.imports);
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage'));
const AlertPage = lazy(() => import('./pages/alerts/AlertPage'));
const OfficialPage = lazy(() => import('./pages/alerts/OfficialPage'));
const SupervisionReportPage = lazy(() => import('./pages/alerts/SupervisionReportPage'));
const AlertRulesPage = lazy(() => import('./pages/admin/AlertRulesPage'));
const SetupPage = lazy(() => import('./pages/admin/SetupPage'));
const WaterloggingPage = lazy(() => import('./pages/waterlogging/WaterloggingPage'));
const PatchesPage = lazy(() => import('./pages/patches/PatchesPage'));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage'));
const CampaignPage = lazy(() => import('./pages/campaigns/CampaignPage'));
const LettersPage = lazy(() => import('./pages/letters/LettersPage'));
const LetterPage = lazy(() => import('./pages/letters/LetterPage'));
const ExternalPointsPage = lazy(() => import('./pages/external/ExternalPointsPage'));

export const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif';

/** Each role starts where its work is (the first entry of its menu). */
function HomeRedirect() {
  const user = useUser();
  return <Navigate to={homeOf(user.role)} replace />;
}

export function Root() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.title = t('app.title');
  }, [lang, t]);

  return (
    <ConfigProvider
      locale={lang === 'en' ? enUSLocale : zhCNLocale}
      theme={{
        // component styles come from antd's static stylesheet (imported in main.tsx) instead of being
        // generated in the browser at run time: ~0.3 s less main-thread work before the first paint
        zeroRuntime: true,
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1456c8',
          borderRadius: 4,
          fontFamily: FONT_FAMILY,
          fontSize: 13,
        },
        components: {
          Layout: { headerBg: '#0f2a4a', headerHeight: 52, headerPadding: '0 16px', siderBg: '#fff', bodyBg: '#f0f2f5' },
          Table: { cellPaddingBlockSM: 6, headerBg: '#f5f7fa' },
          Descriptions: { labelBg: '#f7f8fa' },
        },
      }}
    >
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/password" element={<PasswordPage />} />
              <Route
                path="/cockpit"
                element={
                  <RequireAuth>
                    <Suspense fallback={<FullPageSpin />}>
                      <CockpitPage />
                    </Suspense>
                  </RequireAuth>
                }
              />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<HomeRedirect />} />
                <Route path="/overview" element={<OverviewPage />} />
                <Route path="/audit" element={<AuditPage />} />
                <Route path="/alerts" element={<AlertsPage />} />
                <Route path="/alerts/report" element={<SupervisionReportPage />} />
                <Route path="/alerts/:id" element={<AlertPage />} />
                <Route path="/officials/:id" element={<OfficialPage />} />
                <Route path="/admin/alert-rules" element={<AlertRulesPage />} />
                <Route path="/admin/rules" element={<RulesPage />} />
                <Route path="/admin/users" element={<AccountsPage />} />
                <Route path="/admin/calendar" element={<CalendarPage />} />
                <Route path="/admin/index" element={<IndexDefinitionPage />} />
                <Route path="/admin/setup" element={<SetupPage />} />
                <Route path="/map" element={<MapPage />} />
                <Route path="/cases" element={<CaseListPage />} />
                <Route path="/cases/:id" element={<CasePage />} />
                <Route path="/waterlogging" element={<WaterloggingPage />} />
                <Route path="/patches" element={<PatchesPage />} />
                <Route path="/campaigns" element={<CampaignsPage />} />
                <Route path="/campaigns/:id" element={<CampaignPage />} />
                <Route path="/todo" element={<TodoPage />} />
                <Route path="/index" element={<IndexPage />} />
                <Route path="/index/runs/:id/units/:code" element={<IndexUnitPage />} />
                <Route path="/reports" element={<ReportPage />} />
                <Route path="/imports" element={<ImportPage />} />
                <Route path="/external" element={<ExternalPointsPage />} />
                <Route path="/letters" element={<LettersPage />} />
                <Route path="/letters/:id" element={<LetterPage />} />
                <Route path="/letters/:id/summary" element={<LetterPage summary />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
