// The `dragnet` command line: one subcommand per job; usage errors exit with code 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../util/package-root.js';
import { registerConvert } from './convert-command.js';
import { registerHunt } from './hunt-command.js';
import { registerRules } from './rules-command.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('dragnet')
    .description('Detection engine for Sigma and Elastic rules: hunt over logs, convert to SIEM queries')
    .version(
      (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version,
    )
    .showHelpAfterError()
    .exitOverride();
  registerHunt(program);
  registerRules(program);
  registerConvert(program);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`dragnet: ${(error as Error).message}\n`);
    return 2;
  }
}
