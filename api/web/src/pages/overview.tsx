import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useApi } from '../client/use-api';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatCount } from '../components/format';
import { SignedIn } from '../components/signed-in';
import { TimeChart } from '../components/time-chart';

function Overview() {
  const usage = useApi(() => unwrap(api.GET('/v1/usage', { params: { query: {} } })));
  if (usage.error) return <ErrorMessage error={usage.error} />;
  if (!usage.data) return <Loading what="usage" />;
  const { rows } = usage.data;
  const days = [...new Set(rows.map((row) => row.day))].sort();
  const sum = (day: string, pick: (row: (typeof rows)[number]) => number) =>
    rows.filter((row) => row.day === day).reduce((total, row) => total + pick(row), 0);
  const times = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  return (
    <>
      <dl class="totals">
        <div>
          <dt>Requests</dt>
          <dd>{formatCount(usage.data.totals.requests)}</dd>
        </div>
        <div>
          <dt>Prompt tokens</dt>
          <dd>{formatCount(usage.data.totals.promptTokens)}</dd>
        </div>
        <div>
          <dt>Completion tokens</dt>
          <dd>{formatCount(usage.data.totals.completionTokens)}</dd>
        </div>
      </dl>
      <TimeChart
        title="Requests per day"
        times={times}
        series={[
          { label: 'Requests', values: days.map((day) => sum(day, (row) => row.requests)) },
          { label: 'Blocked', values: days.map((day) => sum(day, (row) => row.blocked)) },
        ]}
      />
    </>
  );
}

export const OverviewPage = () => <SignedIn title="Overview">{() => <Overview />}</SignedIn>;
