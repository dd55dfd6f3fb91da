import { z } from 'zod';
import type { AnnouncementKind } from '../../../platform/database/tables';
import { readUnsubscribeToken } from '../../../platform/announcements/announcement-preferences';
import { ApiError } from '../../errors/api-error';

export const unsubscribeQuerySchema = z.object({
  token: z.string().min(1).max(200).meta({ description: 'From the List-Unsubscribe link of an announcement' }),
});

/** The user and kind of a link's token; a forged, altered or truncated token is a 400 that changes nothing. */
export function tokenOrFail(masterKey: Buffer, token: string): { userId: string; kind: AnnouncementKind } {
  const read = readUnsubscribeToken(masterKey, token);
  if (!read) throw new ApiError('BAD_REQUEST', 'this unsubscribe link is not valid; manage e-mails in your settings');
  return read;
}

export const KIND_NAMES: Record<AnnouncementKind, string> = {
  product_update: 'product updates',
  security_notice: 'security notices',
};

/**
 * Headers of the small pages below: nothing loads, nothing frames them, and
 * the token in the address is never sent on as a referrer.
 */
export const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Autrace</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The confirmation a GET shows (RFC 8058: a GET must not unsubscribe, link scanners follow links). */
export function confirmationPage(token: string, kind: AnnouncementKind): string {
  const what = KIND_NAMES[kind];
  return page(
    `Unsubscribe from ${what}?`,
    `<p>You will no longer receive Autrace ${escape(what)} by e-mail. You can subscribe again in your account settings.</p>
<form method="post" action="/v1/unsubscribe?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function doneBody(kind: AnnouncementKind): string {
  const what = KIND_NAMES[kind];
  return `<p>You will no longer receive Autrace ${escape(what)} by e-mail. You can subscribe again in your account settings.</p>`;
}
