import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { PlainLayout } from '../components/layout';

/** The privacy center's form: anyone reports that a user is under 16; the reporter confirms by e-mail. */
export function ChildReportForm() {
  const [reporterEmail, setReporterEmail] = useState('');
  const [accountEmail, setAccountEmail] = useState('');
  const [details, setDetails] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submit = useAction(async () => {
    await unwrap(
      api.POST('/v1/public/child-reports', {
        body: { reporterEmail, accountEmail, ...(details.trim() ? { details } : {}) },
      }),
    );
    setSentTo(reporterEmail);
  });
  return (
    <section aria-labelledby="child-report-heading">
      <h2 id="child-report-heading">Report a user under 16</h2>
      <p>
        Autrace is not meant for children under 16. If you believe someone under 16 uses Autrace, tell us: we e-mail you
        a link to confirm the report, our privacy team looks into it, and if it is confirmed we erase that person&apos;s
        data. We tell you the outcome.
      </p>
      {sentTo ? (
        <div class="notice" role="status">
          <p>
            Check your mailbox: we sent a confirmation link to <strong>{sentTo}</strong>.
          </p>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit.run();
          }}
        >
          <label>
            E-mail address the child uses with Autrace
            <input
              type="email"
              name="accountEmail"
              required
              value={accountEmail}
              onInput={(e) => setAccountEmail(e.currentTarget.value)}
            />
          </label>
          <label>
            What makes you think so (optional)
            <textarea
              name="details"
              maxLength={2000}
              value={details}
              onInput={(e) => setDetails(e.currentTarget.value)}
            />
          </label>
          <label>
            Your own e-mail address (we send the confirmation link and the outcome there)
            <input
              type="email"
              name="reporterEmail"
              autoComplete="email"
              required
              value={reporterEmail}
              onInput={(e) => setReporterEmail(e.currentTarget.value)}
            />
          </label>
          <ErrorMessage error={submit.error} />
          <button type="submit" disabled={submit.busy}>
            Send the report
          </button>
        </form>
      )}
    </section>
  );
}

/** Where the reporter's e-mailed link lands. */
export function ChildReportVerifyPage() {
  const { query } = useLocation();
  const [reportId, setReportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const token = query.token ?? '';
    unwrap(api.GET('/v1/public/child-reports/verify', { params: { query: { token } } })).then(
      (result) => setReportId(result.reportId),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [query.token]);
  return (
    <PlainLayout title="Confirm your report">
      {error && (
        <>
          <ErrorMessage error={error} />
          <p>
            You can <a href="/privacy">send a new report</a> from the privacy center.
          </p>
        </>
      )}
      {!error && !reportId && <Loading what="your confirmation" />}
      {reportId && (
        <div role="status">
          <p class="notice">Thank you: your report is confirmed and has reached our privacy team.</p>
          <p>
            We tell you the outcome by e-mail. Reference: <code>{reportId}</code>
          </p>
        </div>
      )}
    </PlainLayout>
  );
}

/** The operators' queue of verified reports: confirming erases the user's data at once. */
export function OperatorChildReports() {
  const reports = useApi(() => unwrap(api.GET('/v1/operator/child-reports', { params: { query: {} } })));
  const [done, setDone] = useState<string | null>(null);
  const decide = useAction(async (reportId: string, outcome: 'confirm' | 'reject') => {
    const result = await unwrap(
      api.POST('/v1/operator/child-reports/{reportId}/decision', {
        params: { path: { reportId } },
        body: { outcome },
      }),
    );
    setDone(
      result.status === 'confirmed'
        ? `Report ${reportId} confirmed: erasure request ${result.requestId ?? ''} is running.`
        : `Report ${reportId} rejected; nothing was changed.`,
    );
    reports.reload();
  });
  return (
    <section aria-labelledby="child-reports-heading">
      <h2 id="child-reports-heading">Reports of users under 16</h2>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={reports.error ?? decide.error} />
      {reports.loading && !reports.data && <Loading what="reports" />}
      {reports.data && reports.data.reports.length === 0 && <p>No open reports.</p>}
      {reports.data && reports.data.reports.length > 0 && (
        <TableScroll label="Reports of users under 16">
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Reported address</th>
                <th scope="col">Reporter</th>
                <th scope="col">What they wrote</th>
                <th scope="col">User</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.reports.map((report) => (
                <tr key={report.id}>
                  <td>{formatDateTime(report.verifiedAt ?? report.receivedAt)}</td>
                  <td>{report.accountEmailMasked}</td>
                  <td>{report.reporterEmailMasked}</td>
                  <td>{report.details ?? '—'}</td>
                  <td>{report.matchedUser ? <code>{report.matchedUser.accountId}</code> : 'No such user'}</td>
                  <td>
                    {report.matchedUser && (
                      <button
                        type="button"
                        class="danger"
                        disabled={decide.busy}
                        onClick={() => void decide.run(report.id, 'confirm')}
                        aria-label={`Confirm and erase: report ${report.id}`}
                      >
                        Confirm and erase
                      </button>
                    )}{' '}
                    <button
                      type="button"
                      disabled={decide.busy}
                      onClick={() => void decide.run(report.id, 'reject')}
                      aria-label={`Reject: report ${report.id}`}
                    >
                      Reject
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
