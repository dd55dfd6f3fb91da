import { z } from 'zod';
import { loadPrices, modelPriceView } from '../../../platform/pricing/prices';
import { defineRoute } from '../../http/define-route';
import { modelPriceSchema } from './price-schema';

export const listModelPricesRoute = defineRoute({
  method: 'get',
  path: '/v1/model-prices',
  summary: 'The price table: every version of every model price, newest first per model',
  description:
    'US micro-dollars per million tokens. A request is priced by the version in force when it starts; a dated ' +
    'model name (gpt-4o-2024-08-06) is priced as the longest listed name it starts with.',
  tags: ['pricing'],
  auth: 'user',
  request: {},
  responses: { 200: { description: 'Prices', schema: z.object({ prices: z.array(modelPriceSchema) }) } },
  async handler({ deps }) {
    return { status: 200, body: { prices: (await loadPrices(deps.db)).map(modelPriceView) } };
  },
});
