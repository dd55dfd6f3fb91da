import type { RequestLogRow } from '../logging/log-rows';
import type { RouteTrace } from './router';

type RouteColumns = Required<Pick<RequestLogRow, 'route_alias' | 'route_attempts' | 'attempts' | 'answered_attempt'>>;

const NOT_ROUTED: RouteColumns = Object.freeze({
  route_alias: null,
  route_attempts: null,
  attempts: null,
  answered_attempt: null,
});

/** The request log's routing columns: the alias, every attempt, how many calls were made, which one answered. */
export function routeColumns(trace: RouteTrace | null): RouteColumns {
  if (!trace) return NOT_ROUTED;
  return {
    route_alias: trace.alias,
    route_attempts: JSON.stringify(trace.attempts),
    attempts: trace.calls,
    answered_attempt: trace.answered,
  };
}
