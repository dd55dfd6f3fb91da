import type { Config } from '../config/config';

/**
 * What the e-mails about a finished export say. None of them carries a
 * download link to the archive: a signed-in reader asks the API for a
 * short-lived one (`issueExportDownloadLink`), and a public data subject's
 * e-mail carries a token for the privacy center instead (in the URL's
 * fragment, which browsers never send to a server, so no access log or
 * Referer holds it).
 */
function lifetimes(config: Config): string {
  const minutes = Math.round(config.privacy.exportLinkTtlSeconds / 60);
  return (
    `Each download link lasts ${minutes} minute(s); ` +
    `the archive is deleted ${config.s3.exportExpiryDays} day(s) after it was made.`
  );
}

export function exportReadyText(config: Config, exportId: string): string {
  const base = config.api.publicUrl;
  return (
    `Your export ${exportId} is ready.\n` +
    `Sign in to Autrace to download it: ${base}/exports/${exportId}\n` +
    `(or, signed in, POST ${base}/v1/exports/${exportId}/download-link).\n` +
    lifetimes(config)
  );
}

export function subjectExportReadyText(config: Config, token: string): string {
  return (
    `Your data is ready: ${config.api.publicUrl}/privacy/export#token=${token}\n` +
    `The archive holds JSON and CSV files per category and a manifest. ${lifetimes(config)}`
  );
}
