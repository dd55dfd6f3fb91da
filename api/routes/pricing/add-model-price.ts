import { z } from 'zod';
import { addPriceVersion, modelPriceInputSchema, modelPriceView } from '../../../platform/pricing/prices';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';
import { modelPriceSchema } from './price-schema';

export const addModelPriceRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/model-prices',
  summary: "Add a version of a model's price (operators); it applies to requests that start from effectiveFrom",
  tags: ['operator'],
  auth: 'operator',
  request: { body: modelPriceInputSchema },
  responses: {
    201: { description: 'Added', schema: z.object({ price: modelPriceSchema }) },
    409: { description: 'A version of this price already starts at that instant' },
  },
  async handler({ body, principal, deps }) {
    const price = await addPriceVersion(deps.db, body, auditActor(principal));
    return { status: 201, body: { price: modelPriceView(price) } };
  },
});
