import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

function ScheduledExports({ isOwner }: { isOwner: boolean }) {
  const schedules = useApi(() => unwrap(api.GET('/v1/export-schedules')));
  const [cron, setCron] = useState('0 3 * * 1');
  const [notice, setNotice] = useState<string | null>(null);
  const create = useAction(async () => {
    await unwrap(api.POST('/v1/export-schedules', { body: { cron } }));
    setNotice('Scheduled: each run e-mails the owner a link to the archive.');
    schedules.reload();
  });
  const change = useAction(async (scheduleId: string, what: 'pause' | 'resume' | 'delete') => {
    const path = { params: { path: { scheduleId } } };
    if (what === 'pause') await unwrap(api.POST('/v1/export-schedules/{scheduleId}/pause', path));
    if (what === 'resume') await unwrap(api.POST('/v1/export-schedules/{scheduleId}/resume', path));
    if (what === 'delete') await unwrap(api.DELETE('/v1/export-schedules/{scheduleId}', path));
    schedules.reload();
  });
  return (
    <>
      <p>A scheduled export archives the audit trail and the logs on a timetable and e-mails a download link.</p>
      {isOwner && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void create.run();
          }}
        >
          <label>
            When (cron, UTC: minute hour day month weekday)
            <input value={cron} required onInput={(e) => setCron(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={create.busy}>
            Add schedule
          </button>
        </form>
      )}
      <ErrorMessage error={create.error ?? change.error ?? schedules.error} />
      {notice && <Notice>{notice}</Notice>}
      {schedules.loading && !schedules.data && <Loading what="schedules" />}
      {schedules.data && schedules.data.schedules.length === 0 && <p>No scheduled exports.</p>}
      {schedules.data && schedules.data.schedules.length > 0 && (
        <TableScroll label="Scheduled exports">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Since</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {schedules.data.schedules.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code>{s.cron}</code>
                  </td>
                  <td>{s.categories.join(', ')}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td class="actions">
                    {s.paused ? 'Paused' : 'Active'}
                    {isOwner && (
                      <>
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => void change.run(s.id, s.paused ? 'resume' : 'pause')}
                        >
                          {s.paused ? 'Resume' : 'Pause'}
                        </button>
                        <button type="button" class="danger" onClick={() => void change.run(s.id, 'delete')}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const ScheduledExportsPage = () => (
  <SignedIn title="Scheduled exports" roles={['owner', 'admin']}>
    {(me) => <ScheduledExports isOwner={me.role === 'owner'} />}
  </SignedIn>
);
