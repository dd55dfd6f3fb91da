import { LocationProvider, Route, Router } from 'preact-iso';
import { PlainLayout } from './components/layout';
import { AccountDeletionPage } from './pages/account-deletion';
import { ApiKeysPage } from './pages/api-keys';
import { AuditTrailPage } from './pages/audit-trail';
import { BillingPage } from './pages/billing';
import { ChildReportVerifyPage } from './pages/child-reports';
import { ExportDownloadPage, PrivacyExportPage } from './pages/export-download';
import { LogExportPage } from './pages/log-export';
import { MembersPage } from './pages/members';
import { MyRequestsPage } from './pages/my-requests';
import { OperatorAnnouncementsPage } from './pages/operator-announcements';
import { OperatorQueuePage, OperatorRequestPage } from './pages/operator-console';
import { OverviewPage } from './pages/overview';
import { PoliciesPage } from './pages/policies';
import { PrivacyCenterPage, PrivacyVerifyPage } from './pages/privacy-center';
import { RequestDetailPage, RequestLogPage } from './pages/request-log';
import { ScheduledExportsPage } from './pages/scheduled-exports';
import { SettingsPage } from './pages/settings';
import { SignInPage, SignUpPage } from './pages/sign-in';
import { SessionProvider } from './session';

function NotFoundPage() {
  return (
    <PlainLayout title="Page not found">
      <p>
        There is no page here. Go to the <a href="/">dashboard</a> or the <a href="/privacy">privacy center</a>.
      </p>
    </PlainLayout>
  );
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Router>
          <Route path="/" component={OverviewPage} />
          <Route path="/signin" component={SignInPage} />
          <Route path="/signup" component={SignUpPage} />
          <Route path="/logs" component={RequestLogPage} />
          <Route path="/logs/requests/:requestId" component={RequestDetailPage} />
          <Route path="/logs/export" component={LogExportPage} />
          <Route path="/keys" component={ApiKeysPage} />
          <Route path="/policies" component={PoliciesPage} />
          <Route path="/settings" component={SettingsPage} />
          <Route path="/audit" component={AuditTrailPage} />
          <Route path="/scheduled-exports" component={ScheduledExportsPage} />
          <Route path="/members" component={MembersPage} />
          <Route path="/billing" component={BillingPage} />
          <Route path="/account-deletion" component={AccountDeletionPage} />
          <Route path="/my-requests" component={MyRequestsPage} />
          <Route path="/privacy" component={PrivacyCenterPage} />
          <Route path="/privacy/verify" component={PrivacyVerifyPage} />
          <Route path="/privacy/export" component={PrivacyExportPage} />
          <Route path="/privacy/child-report/verify" component={ChildReportVerifyPage} />
          <Route path="/exports/:exportId" component={ExportDownloadPage} />
          <Route path="/operator" component={OperatorQueuePage} />
          <Route path="/operator/requests/:requestId" component={OperatorRequestPage} />
          <Route path="/operator/announcements" component={OperatorAnnouncementsPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </SessionProvider>
    </LocationProvider>
  );
}
