import { defineRoute } from '../../http/define-route';
import { confirmationPage, PAGE_HEADERS, tokenOrFail, unsubscribeQuerySchema } from './unsubscribe-page';

export const showUnsubscribeRoute = defineRoute({
  method: 'get',
  path: '/v1/unsubscribe',
  summary: 'Anyone holding an unsubscribe link: a page that asks to confirm (changes nothing)',
  description:
    'Opening the link of a List-Unsubscribe header in a browser shows a button that posts the one-click form; link scanners that follow it unsubscribe nobody (RFC 8058).',
  tags: ['announcements'],
  auth: 'public',
  request: { query: unsubscribeQuerySchema },
  responses: { 200: { description: 'A confirmation page', contentType: 'text/html; charset=utf-8' } },
  handler({ query, deps }) {
    const { kind } = tokenOrFail(deps.config.keys.master, query.token);
    return Promise.resolve({ status: 200 as const, body: confirmationPage(query.token, kind), headers: PAGE_HEADERS });
  },
});
