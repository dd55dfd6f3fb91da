import type { ApiRoute } from '../http/define-route';
import { getAnnouncementPreferencesRoute } from './announcements/get-announcement-preferences';
import { oneClickUnsubscribeRoute } from './announcements/one-click-unsubscribe';
import { showUnsubscribeRoute } from './announcements/show-unsubscribe';
import { updateAnnouncementPreferencesRoute } from './announcements/update-announcement-preferences';
import { cancelAccountDeletionRoute } from './account-deletion/cancel';
import { requestAccountDeletionRoute } from './account-deletion/request';
import { accountDeletionStatusRoute } from './account-deletion/status';
import { createApiKeyRoute } from './api-keys/create-api-key';
import { listApiKeysRoute } from './api-keys/list-api-keys';
import { revokeApiKeyRoute } from './api-keys/revoke-api-key';
import { auditPublicKeyRoute } from './audit/audit-public-key';
import { exportAuditTrailRoute } from './audit/export-audit-trail';
import { listAuditEntriesRoute } from './audit/list-audit-entries';
import { verifyAuditTrailRoute } from './audit/verify-audit-trail';
import { browserLoginRoute } from './auth/browser-login';
import { createBudgetRoute } from './budgets/create-budget';
import { deleteBudgetRoute } from './budgets/delete-budget';
import { listBudgetsRoute } from './budgets/list-budgets';
import { updateBudgetRoute } from './budgets/update-budget';
import { addModelPriceRoute } from './pricing/add-model-price';
import { listModelPricesRoute } from './pricing/list-model-prices';
import { browserSignupRoute } from './auth/browser-signup';
import { listSessionsRoute } from './auth/list-sessions';
import { loginRoute } from './auth/login';
import { logoutRoute } from './auth/logout';
import { operatorLogoutRoute } from './auth/operator-logout';
import { meRoute } from './auth/me';
import { revokeSessionRoute } from './auth/revoke-session';
import { signupRoute } from './auth/signup';
import { createCheckoutSessionRoute } from './billing/create-checkout-session';
import { stripeWebhookRoute } from './billing/stripe-webhook';
import { operatorAddNoteRoute } from './data-subject-requests/operator-add-note';
import { operatorDecideRequestRoute } from './data-subject-requests/operator-decide-request';
import { operatorExtendRequestRoute } from './data-subject-requests/operator-extend-request';
import { operatorGetRequestRoute } from './data-subject-requests/operator-get-request';
import { operatorListRequestsRoute } from './data-subject-requests/operator-list-requests';
import { operatorDecideChildReportRoute } from './child-reports/operator-decide-child-report';
import { operatorListChildReportsRoute } from './child-reports/operator-list-child-reports';
import { submitChildReportRoute } from './child-reports/submit-child-report';
import { verifyChildReportRoute } from './child-reports/verify-child-report';
import { operatorRevealSubjectEmailRoute } from './data-subject-requests/operator-reveal-subject-email';
import { getOwnRequestRoute } from './data-subject-requests/get-own-request';
import { listOwnRequestsRoute } from './data-subject-requests/list-own-requests';
import { submitMemberRequestRoute } from './data-subject-requests/submit-member-request';
import { submitPublicRequestRoute } from './data-subject-requests/submit-public-request';
import { verifyRequestRoute } from './data-subject-requests/verify-request';
import { createExportScheduleRoute } from './export-schedules/create-export-schedule';
import { deleteExportScheduleRoute } from './export-schedules/delete-export-schedule';
import { listExportSchedulesRoute } from './export-schedules/list-export-schedules';
import { pauseExportScheduleRoute } from './export-schedules/pause-export-schedule';
import { resumeExportScheduleRoute } from './export-schedules/resume-export-schedule';
import { issueDownloadLinkRoute } from './exports/issue-download-link';
import { issueSubjectDownloadLinkRoute } from './exports/issue-subject-download-link';
import { openExportedFullLogsRoute } from './exports/open-exported-full-logs';
import { openSubjectExportedFullLogsRoute } from './exports/open-subject-exported-full-logs';
import { deleteLogsRoute } from './logs/delete-logs';
import { getLogExportRoute } from './logs/get-log-export';
import { getRequestRoute } from './logs/get-request';
import { listRequestsRoute } from './logs/list-requests';
import { readFullLogRoute } from './logs/read-full-log';
import { startLogExportRoute } from './logs/start-log-export';
import { listAnnouncementsRoute } from './operator/list-announcements';
import { moveAccountRoute } from './operator/move-account';
import { publishAnnouncementRoute } from './operator/publish-announcement';
import { listAllAuditEntriesRoute } from './operator/list-all-audit-entries';
import { operatorVerifyAuditRoute } from './operator/verify-audit-chain';
import { activatePolicyVersionRoute } from './policies/activate-policy-version';
import { publishPrivacyPolicyRoute } from './privacy-policy/publish-privacy-policy';
import { createProviderConnectionRoute } from './provider-connections/create-provider-connection';
import { deleteProviderConnectionRoute } from './provider-connections/delete-provider-connection';
import { getProviderConnectionRoute } from './provider-connections/get-provider-connection';
import { listProviderConnectionsRoute } from './provider-connections/list-provider-connections';
import { rotateProviderKeyRoute } from './provider-connections/rotate-provider-key';
import { createModelAliasRoute } from './model-aliases/create-model-alias';
import { deleteModelAliasRoute } from './model-aliases/delete-model-alias';
import { getModelAliasRoute } from './model-aliases/get-model-alias';
import { listModelAliasesRoute } from './model-aliases/list-model-aliases';
import { updateModelAliasRoute } from './model-aliases/update-model-alias';
import { createPolicyRoute } from './policies/create-policy';
import { createPolicyVersionRoute } from './policies/create-policy-version';
import { dryRunPolicyRoute } from './policies/dry-run-policy';
import { getPolicyRoute } from './policies/get-policy';
import { listPoliciesRoute } from './policies/list-policies';
import { getSettingsRoute } from './settings/get-settings';
import { updateSettingsRoute } from './settings/update-settings';
import { createDocsRoutes } from './system/docs';
import { healthzRoute } from './system/healthz';
import { getUsageRoute } from './usage/get-usage';
import { getUsageSeriesRoute } from './usage/get-usage-series';
import { changeUserRoleRoute } from './users/change-user-role';
import { createUserRoute } from './users/create-user';
import { listUsersRoute } from './users/list-users';

/**
 * The one route list: the router and the OpenAPI document are both built from
 * it. Adding a route is one file under routes/<area>/ plus one line here.
 */
export const apiRoutes: readonly ApiRoute[] = [
  healthzRoute,
  ...createDocsRoutes(() => apiRoutes),
  signupRoute,
  loginRoute,
  browserSignupRoute,
  browserLoginRoute,
  logoutRoute,
  operatorLogoutRoute,
  meRoute,
  listSessionsRoute,
  revokeSessionRoute,
  listUsersRoute,
  createUserRoute,
  changeUserRoleRoute,
  createApiKeyRoute,
  listApiKeysRoute,
  revokeApiKeyRoute,
  createProviderConnectionRoute,
  listProviderConnectionsRoute,
  getProviderConnectionRoute,
  rotateProviderKeyRoute,
  deleteProviderConnectionRoute,
  createModelAliasRoute,
  listModelAliasesRoute,
  getModelAliasRoute,
  updateModelAliasRoute,
  deleteModelAliasRoute,
  listPoliciesRoute,
  createPolicyRoute,
  dryRunPolicyRoute,
  getPolicyRoute,
  createPolicyVersionRoute,
  activatePolicyVersionRoute,
  getSettingsRoute,
  updateSettingsRoute,
  getUsageRoute,
  getUsageSeriesRoute,
  deleteLogsRoute,
  listRequestsRoute,
  getRequestRoute,
  readFullLogRoute,
  startLogExportRoute,
  getLogExportRoute,
  listAuditEntriesRoute,
  verifyAuditTrailRoute,
  exportAuditTrailRoute,
  auditPublicKeyRoute,
  createCheckoutSessionRoute,
  stripeWebhookRoute,
  listAllAuditEntriesRoute,
  operatorVerifyAuditRoute,
  submitMemberRequestRoute,
  submitPublicRequestRoute,
  submitChildReportRoute,
  verifyChildReportRoute,
  verifyRequestRoute,
  listOwnRequestsRoute,
  getOwnRequestRoute,
  operatorListRequestsRoute,
  operatorListChildReportsRoute,
  operatorDecideChildReportRoute,
  operatorGetRequestRoute,
  operatorExtendRequestRoute,
  operatorAddNoteRoute,
  operatorDecideRequestRoute,
  operatorRevealSubjectEmailRoute,
  createExportScheduleRoute,
  listExportSchedulesRoute,
  pauseExportScheduleRoute,
  resumeExportScheduleRoute,
  deleteExportScheduleRoute,
  issueDownloadLinkRoute,
  issueSubjectDownloadLinkRoute,
  openExportedFullLogsRoute,
  openSubjectExportedFullLogsRoute,
  requestAccountDeletionRoute,
  accountDeletionStatusRoute,
  cancelAccountDeletionRoute,
  publishPrivacyPolicyRoute,
  publishAnnouncementRoute,
  moveAccountRoute,
  listAnnouncementsRoute,
  getAnnouncementPreferencesRoute,
  updateAnnouncementPreferencesRoute,
  showUnsubscribeRoute,
  oneClickUnsubscribeRoute,
  listBudgetsRoute,
  createBudgetRoute,
  updateBudgetRoute,
  deleteBudgetRoute,
  listModelPricesRoute,
  addModelPriceRoute,
];
