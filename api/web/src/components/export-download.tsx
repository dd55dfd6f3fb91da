import { useState } from 'preact/hooks';
import { ApiFailure } from '../client/api-errors';
import { useAction } from '../client/use-api';
import { ErrorMessage } from './feedback';
import { formatDateTime } from './format';

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/** The download-link routes' own statuses, in words; other failures keep the API's sentence. */
const WORDS_BY_STATUS: Record<number, string> = {
  404: 'This export was not found, or it is not one you may download.',
  409: 'This export is not finished yet. The e-mail comes when it is; try again in a few minutes.',
  410: 'This archive has expired or was deleted, so it can no longer be downloaded. Ask for a new export.',
};

function inWords(failure: unknown, notFound: string | undefined): string {
  if (!(failure instanceof ApiFailure)) return String(failure);
  if (failure.status === 404 && notFound) return notFound;
  return WORDS_BY_STATUS[failure.status] ?? failure.message;
}

/**
 * A button that asks for a fresh, short-lived link and then offers it with the
 * time it stops working; `notFound` words a 404 for the page's reader.
 */
export function DownloadLinkButton({ issue, notFound }: { issue: () => Promise<DownloadLink>; notFound?: string }) {
  const [link, setLink] = useState<DownloadLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = useAction(async () => {
    setError(null);
    try {
      setLink(await issue());
    } catch (failure) {
      setLink(null);
      setError(inWords(failure, notFound));
    }
  });
  return (
    <>
      <button type="button" disabled={get.busy} onClick={() => void get.run()}>
        {get.busy ? 'Getting a link…' : link ? 'Get a new download link' : 'Get a download link'}
      </button>
      <ErrorMessage error={error ?? get.error} />
      {link && (
        <p class="notice" role="status">
          <a href={link.url}>Download the ZIP archive</a>. The link works until {formatDateTime(link.expiresAt)}; do not
          share it. After that, come back here for a new one.
        </p>
      )}
    </>
  );
}
