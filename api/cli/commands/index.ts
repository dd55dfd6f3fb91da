import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerAccountCommands } from './accounts';
import { registerAliasCommands } from './aliases';
import { registerAnnouncementCommands } from './announcements';
import { registerAuditCommands } from './audit';
import { registerAuditArchiveCommands } from './audit-archive';
import { registerDsrCommands } from './dsr';
import { registerKeyCommands } from './keys';
import { registerPriceCommands } from './prices';
import { registerPrivacyPolicyCommands } from './privacy-policy';
import { registerProviderCommands } from './providers';

/** One line per area; each area's file adds its commands. */
export function registerCommands(program: Command, context: CliContext): void {
  registerAccountCommands(program, context);
  registerKeyCommands(program, context);
  registerProviderCommands(program, context);
  registerAliasCommands(program, context);
  registerPriceCommands(program, context);
  registerAuditCommands(program, context);
  registerAuditArchiveCommands(program, context);
  registerDsrCommands(program, context);
  registerPrivacyPolicyCommands(program, context);
  registerAnnouncementCommands(program, context);
}
