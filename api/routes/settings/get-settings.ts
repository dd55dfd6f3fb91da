import { defineRoute } from '../../http/define-route';
import { SETTINGS_COLUMNS, settingsSchema, toSettings } from './settings-schema';

export const getSettingsRoute = defineRoute({
  method: 'get',
  path: '/v1/settings',
  summary: "The account's logging, retention and region settings",
  tags: ['settings'],
  auth: 'user',
  request: {},
  responses: { 200: { description: 'Settings', schema: settingsSchema } },
  async handler({ principal, deps }) {
    const row = await deps
      .db('accounts')
      .where({ id: principal.accountId })
      .first(...SETTINGS_COLUMNS);
    if (!row) throw new Error('authenticated account has no row');
    return { status: 200, body: toSettings(row) };
  },
});
