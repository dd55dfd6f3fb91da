import { renderDocsPage } from '../../http/docs-page';
import { defineRoute, type ApiRoute } from '../../http/define-route';
import { buildOpenApiDocument, type OpenApiDocument } from '../../http/openapi-document';

/** The document and its HTML page, built once from the full route list (passed lazily, since these routes are in it). */
export function createDocsRoutes(routeList: () => readonly ApiRoute[]): ApiRoute[] {
  let cached: { url: string; document: OpenApiDocument; json: string; html: string } | null = null;
  const documentFor = (url: string) => {
    if (cached?.url !== url) {
      const document = buildOpenApiDocument(routeList(), url);
      cached = { url, document, json: JSON.stringify(document), html: renderDocsPage(document) };
    }
    return cached;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tags: ['system'],
      auth: 'public',
      rateLimit: false,
      request: {},
      responses: { 200: { description: 'The document', contentType: 'application/json' } },
      handler: ({ deps }) => Promise.resolve({ status: 200, body: documentFor(deps.config.api.publicUrl).json }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      summary: 'Readable API reference (HTML, works offline)',
      tags: ['system'],
      auth: 'public',
      rateLimit: false,
      request: {},
      responses: { 200: { description: 'HTML page', contentType: 'text/html; charset=utf-8' } },
      handler: ({ deps }) => Promise.resolve({ status: 200, body: documentFor(deps.config.api.publicUrl).html }),
    }),
  ];
}
