import { Command, CommanderError } from 'commander';
import { expectedApiError } from '../errors/api-error';
import { createCliContext, setOutputWriter } from './cli-context';
import { registerCommands } from './commands';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one CLI invocation (argv without node and script) and returns its exit
 * code and output; main.ts wires it to the process, tests call it directly.
 */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; echo?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const echo = options.echo ?? false;
  const context = createCliContext({
    ...(options.env ? { env: options.env } : {}),
    write: (text) => {
      stdout += text;
      if (echo) process.stdout.write(text);
    },
  });
  setOutputWriter((text) => context.write(text));
  const writeErr = (text: string) => {
    stderr += text;
    if (echo) process.stderr.write(text);
  };
  const program = new Command()
    .name('autrace')
    .description('Autrace administration: accounts, API keys, the audit trail')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => context.write(text), writeErr });
  registerCommands(program, context);
  let code = 0;
  try {
    process.exitCode = 0;
    await program.parseAsync(args, { from: 'user' });
    // Commands mark a failed check with context.exitCode (or process.exitCode).
    code = context.exitCode || Number(process.exitCode ?? 0);
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else {
      const errorCode = expectedApiError(error)?.code ?? 'INTERNAL_ERROR';
      const message = error instanceof Error ? error.message : String(error);
      writeErr(
        args.includes('--json')
          ? `${JSON.stringify({ error: { code: errorCode, message } })}\n`
          : `autrace: ${message}\n`,
      );
      code = 1;
    }
  } finally {
    await context.close();
  }
  return { code, stdout, stderr };
}
