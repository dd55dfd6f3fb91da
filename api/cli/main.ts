import { runCli } from './run-cli';

const result = await runCli(process.argv.slice(2), { echo: true });
process.exit(result.code);
