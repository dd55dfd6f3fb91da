/**
 * The development stack's mail server: a real SMTP server that keeps every
 * message under .data/mail (so they survive a restart) and a small web page
 * listing them, in place of a real mailbox.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

interface StoredMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

async function listMail(dir: string): Promise<StoredMail[]> {
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as StoredMail));
}

function renderInbox(messages: StoredMail[]): string {
  const rows = messages
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">${escapeHtml(m.receivedAt)} · to ${escapeHtml(m.to)}</p>` +
        `<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Autrace mailbox</title>
<style>body{font:15px system-ui;margin:2rem auto;max-width:60rem}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#666}pre{white-space:pre-wrap}</style>
</head><body><h1>Autrace development mailbox</h1><p>${messages.length} message(s). JSON: <a href="/messages.json">/messages.json</a></p>${rows}</body></html>`;
}

export async function startDevMailbox(options: { dir: string; smtpPort: number; httpPort: number }) {
  await mkdir(options.dir, { recursive: true });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const receivedAt = new Date().toISOString();
          const id = `${receivedAt.replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
          const to = Array.isArray(parsed.to) ? parsed.to.map((t) => t.text).join(', ') : (parsed.to?.text ?? '');
          const mail: StoredMail = {
            id,
            receivedAt,
            from: parsed.from?.text ?? '',
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          };
          await writeFile(path.join(options.dir, `${id}.json`), JSON.stringify(mail, null, 2));
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort, '127.0.0.1', () => resolve());
  });

  const web = http.createServer((req, res) => {
    listMail(options.dir)
      .then((messages) => {
        if (req.url === '/messages.json') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
        } else {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderInbox(messages));
        }
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.httpPort, '127.0.0.1', () => resolve());
  });

  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    webUrl: `http://127.0.0.1:${options.httpPort}`,
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
