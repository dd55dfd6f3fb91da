import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerAccountCommands } from './accounts';
import { registerAuditCommands } from './audit';
import { registerKeyCommands } from './keys';

/** One line per area; each area's file adds its commands. */
export function registerCommands(program: Command, context: CliContext): void {
  registerAccountCommands(program, context);
  registerKeyCommands(program, context);
  registerAuditCommands(program, context);
}
