import { Context } from '@temporalio/activity';

/** How often long lifecycle steps tell Temporal they are alive (the workflow's heartbeat timeout is a few times this). */
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * Runs a step while heartbeating on a timer, so a worker that dies in the
 * middle of one long statement or API call is noticed within the heartbeat
 * timeout instead of the start-to-close timeout, and the step is retried elsewhere.
 */
export async function whileHeartbeating<T>(run: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}
