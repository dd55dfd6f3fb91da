import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useApi } from '../client/use-api';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatCount } from '../components/format';
import { SignedIn } from '../components/signed-in';
import { TimeChart, type ChartSeries } from '../components/time-chart';

type Usage = paths['/v1/usage/series']['get']['responses'][200]['content']['application/json'];
type Point = Usage['series'][number]['points'][number];
type Range = Usage['range'];
type GroupBy = 'none' | 'model' | 'key';

const RANGES: Array<{ value: Range; label: string }> = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
];

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** Every series on one time axis (the union of their buckets), one chart line per series. */
function chartData(usage: Usage, pick: (point: Point) => number | null): { times: number[]; series: ChartSeries[] } {
  const starts = [...new Set(usage.series.flatMap((s) => s.points.map((p) => p.start)))].sort();
  return {
    times: starts.map((start) => Date.parse(start) / 1000),
    series: usage.series.map((s) => {
      const byStart = new Map(s.points.map((p) => [p.start, p]));
      return {
        label: s.label,
        values: starts.map((start) => {
          const point = byStart.get(start);
          return point ? pick(point) : null;
        }),
      };
    }),
  };
}

function Totals({ usage }: { usage: Usage }) {
  const points = usage.series.flatMap((s) => s.points);
  const sum = (pick: (p: Point) => number) => points.reduce((total, p) => total + pick(p), 0);
  const requests = sum((p) => p.requests);
  return (
    <dl class="totals">
      <div>
        <dt>Requests</dt>
        <dd>{formatCount(requests)}</dd>
      </div>
      <div>
        <dt>Blocked</dt>
        <dd>
          {share(
            sum((p) => p.blocked),
            requests,
          ) ?? 0}{' '}
          %
        </dd>
      </div>
      <div>
        <dt>Errors</dt>
        <dd>
          {share(
            sum((p) => p.errors),
            requests,
          ) ?? 0}{' '}
          %
        </dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>{formatCount(sum((p) => p.promptTokens + p.completionTokens))}</dd>
      </div>
    </dl>
  );
}

function Overview() {
  const [range, setRange] = useState<Range>('7d');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const usage = useApi(
    () => unwrap(api.GET('/v1/usage/series', { params: { query: { range, groupBy } } })),
    [range, groupBy],
  );
  return (
    <>
      <form class="inline-form" onSubmit={(event) => event.preventDefault()}>
        <label>
          Period
          <select value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Split by
          <select value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as GroupBy)}>
            <option value="none">Nothing (all traffic)</option>
            <option value="model">Model</option>
            <option value="key">API key</option>
          </select>
        </label>
      </form>
      <ErrorMessage error={usage.error} />
      {!usage.data && !usage.error && <Loading what="usage" />}
      {usage.data && (
        <>
          <Totals usage={usage.data} />
          {usage.data.series.length === 0 ? (
            <p>No requests in this period yet. Create an API key and send a request through the gateway.</p>
          ) : (
            <>
              <TimeChart title="Requests" {...chartData(usage.data, (p) => p.requests)} />
              <TimeChart title="Blocked share (%)" {...chartData(usage.data, (p) => share(p.blocked, p.requests))} />
              <TimeChart title="Tokens" {...chartData(usage.data, (p) => p.promptTokens + p.completionTokens)} />
              <TimeChart title="Latency p95 (ms)" {...chartData(usage.data, (p) => p.latencyP95Ms)} />
              <TimeChart title="Latency p50 (ms)" {...chartData(usage.data, (p) => p.latencyP50Ms)} />
              <TimeChart title="Error rate (%)" {...chartData(usage.data, (p) => share(p.errors, p.requests))} />
            </>
          )}
        </>
      )}
    </>
  );
}

export const OverviewPage = () => <SignedIn title="Overview">{() => <Overview />}</SignedIn>;
