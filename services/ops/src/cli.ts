#!/usr/bin/env node
// `ops`: the operator CLI (docs/rules.md#operating). One entry point, a command per task;
// `--help` on each. Exit codes (exit.ts): 0 ok, 1 problems found or a server failed,
// 2 bad configuration or arguments, 3 a wait ended without its answer.
import '@workers/runtime/produce-fix';
import { Command, CommanderError } from 'commander';
import { dlqCommand } from './commands/dlq';
import { mailStatusCommand } from './commands/mail-status';
import { openItemsCommand } from './commands/open-items';
import { rekeyCommand } from './commands/rekey';
import { requestCommand } from './commands/request';
import { schemasCommand } from './commands/schemas';
import { tailCommand } from './commands/tail';
import { topicsCommand } from './commands/topics';
import { EXIT, OpsError } from './exit';
import { note } from './output';

const program = new Command('ops')
  .description(
    'Operate the CRM/ALCS workers: topics, schemas, tail, request, dlq, open-items, mail-status, rekey.\n' +
      'Endpoints: KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*, SCHEMA_REGISTRY_URL (+ _USERNAME/_PASSWORD), MONGODB_URI, MONGODB_DB;\n' +
      'when none is set, .stack/env from `npm run stack -- up`.',
  )
  .addCommand(topicsCommand())
  .addCommand(schemasCommand())
  .addCommand(tailCommand())
  .addCommand(requestCommand())
  .addCommand(dlqCommand())
  .addCommand(openItemsCommand())
  .addCommand(mailStatusCommand())
  .addCommand(rekeyCommand());

// Commander exits 1 on a usage error by default; ours is 2. Commands added with
// addCommand do not inherit settings, so every level gets them here.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
for (const c of everyCommand(program)) c.exitOverride().showHelpAfterError('(add --help for usage)');

function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof OpsError) {
    for (const line of err.lines) note(line);
    return err.code;
  }
  // kafkajs errors name the broker and the cause; the error class adds nothing for an operator.
  if (err instanceof Error)
    note(
      err.name.startsWith('KafkaJS')
        ? `Kafka: ${err.message}`
        : `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`,
    );
  else note(String(err));
  return EXIT.failed;
}

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? EXIT.ok),
  (err: unknown) => process.exit(exitCodeOf(err)),
);
