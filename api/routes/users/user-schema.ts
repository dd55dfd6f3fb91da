import { z } from 'zod';
import { roleSchema } from '../../http/common-schemas';

export const userSchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), role: roleSchema, createdAt: z.date() })
  .meta({ id: 'User' });

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'member';
  created_at: Date;
}

export const USER_COLUMNS = ['id', 'name', 'email', 'role', 'created_at'] as const;

export const toUserView = (row: UserRow) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  createdAt: row.created_at,
});
