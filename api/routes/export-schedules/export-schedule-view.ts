import { z } from 'zod';
import type { ExportScheduleRow } from '../../../platform/exports/export-schedules';

export const exportScheduleViewSchema = z.object({
  id: z.string(),
  cron: z.string(),
  categories: z.array(z.string()),
  paused: z.boolean(),
  createdAt: z.string(),
});

export function toExportScheduleView(row: ExportScheduleRow): z.infer<typeof exportScheduleViewSchema> {
  return {
    id: row.id,
    cron: row.cron,
    categories: row.categories,
    paused: row.paused,
    createdAt: row.created_at.toISOString(),
  };
}

export const scheduleIdParams = z.object({ scheduleId: z.uuid() });
