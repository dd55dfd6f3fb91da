import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { taskQueueFor } from '../../temporal.config';
import type { CapturedMail } from './smtp';
import type { TestStack } from './stack';

/** A worker on the EU task queue with every real activity, running until the file's tests end. */
export async function startPrivacyWorker(
  env: TestWorkflowEnvironment,
  stack: TestStack,
): Promise<{ stop(): Promise<void> }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('eu'),
    workflowsPath: path.resolve(import.meta.dirname, '../../workflows/index.ts'),
    activities: createActivities(stack.deps),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/** Waits (in real time) for a captured e-mail matching the predicate. */
export async function waitForMail(
  stack: TestStack,
  matches: (mail: CapturedMail) => boolean,
  timeoutMs = 10_000,
): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = stack.smtp.messages.find(matches);
    if (mail) return mail;
    if (Date.now() > deadline)
      throw new Error(`no matching e-mail among ${stack.smtp.messages.map((m) => m.subject).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function mailsTo(stack: TestStack, address: string, subject: RegExp): CapturedMail[] {
  return stack.smtp.messages.filter((m) => m.to.includes(address) && subject.test(m.subject));
}

/**
 * The e-mailed verification link opens the privacy center's page, which
 * confirms through the API: this is the API call that page makes.
 */
export function verifyApiPathFromMail(mail: CapturedMail): string {
  const link = new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? 'http://invalid/');
  if (link.pathname !== '/privacy/verify') throw new Error(`the link opens ${link.pathname}, not the privacy center`);
  return `/v1/public/data-subject-requests/verify?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`;
}
