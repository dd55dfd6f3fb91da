import { Command, CommanderError } from 'commander';
import { ApiError } from '../errors/api-error';
import { createCliContext } from './cli-context';
import { registerCommands } from './commands';

const context = createCliContext();
const program = new Command()
  .name('autrace')
  .description('Autrace administration: accounts, API keys, the audit trail')
  .showHelpAfterError()
  .exitOverride();
registerCommands(program, context);

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) exitCode = error.exitCode;
  else {
    const code = error instanceof ApiError ? error.code : 'INTERNAL_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    if (process.argv.includes('--json')) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else process.stderr.write(`autrace: ${message}\n`);
    exitCode = 1;
  }
} finally {
  await context.close();
}
process.exit(exitCode || Number(process.exitCode ?? 0));
