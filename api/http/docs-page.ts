import type { OpenApiDocument } from './openapi-document';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, response]) => {
      const schema = Object.values(response.content ?? {})[0]?.schema;
      return `<li><b>${escapeHtml(status)}</b> ${escapeHtml(response.description ?? '')}${schema && !status.startsWith('4') && !status.startsWith('5') ? json(schema) : ''}</li>`;
    })
    .join('');
  return `<section id="${escapeHtml(`${method}-${path}`)}">
<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code> — ${escapeHtml(op.summary ?? '')}</h3>
<p>${escapeHtml(op.description ?? '').replace(/\n\n/g, '<br>')}</p>
${op.parameters?.length ? `<h4>Parameters</h4>${json(op.parameters)}` : ''}
${body ? `<h4>Request body</h4>${json(body)}` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

/** A self-contained HTML page (no scripts, no CDN) rendered from the OpenAPI document, so it works offline. */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  const toc: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item as Record<string, Operation>)) {
      const tag = value.tags?.[0] ?? 'other';
      const list = byTag.get(tag) ?? [];
      list.push(renderOperation(method, path, value));
      byTag.set(tag, list);
      toc.push(
        `<li><a href="#${escapeHtml(`${method}-${path}`)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a></li>`,
      );
    }
  }
  const sections = [...byTag.entries()].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;font-size:.8rem}section{border-top:1px solid #ddd;margin-top:1rem}</style></head>
<body><h1>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<ul>${toc.join('')}</ul>
${sections}
</body></html>`;
}
