// `ops schemas register|check`: every schemas/<topic>.avsc under <topic>-value.
// Both ask the registry whether the local schema is compatible with the latest
// registered version (at the subject's level, BACKWARD unless configured otherwise);
// `register` refuses an incompatible one, so nothing is registered for that subject.
import { Command } from 'commander';
import { configured } from '../action';
import { EXIT, type ExitCode } from '../exit';
import { print } from '../output';
import { defaultSchemaDir } from '../paths';
import { registryHttp, type Compatibility, type RegistryHttp } from '../registry/http';
import { schemaFiles, type SchemaFile } from '../schema-files';

interface SchemaOptions {
  dir: string;
  subjectPrefix: string;
}

/** Unregistered first: only then does "compatible" mean compatible with something. */
async function compatibilityOf(http: RegistryHttp, subject: string, schema: string): Promise<Compatibility> {
  return (await http.registered(subject)) ? http.compatibility(subject, schema) : { state: 'unregistered' };
}

const indent = (messages: string[]): string => messages.map((m) => `\n    ${m}`).join('');

function withSchemaOptions(c: Command): Command {
  return c
    .option('--dir <path>', 'directory of <topic>.avsc files', defaultSchemaDir)
    .option('--subject-prefix <prefix>', 'prefix of every subject (<prefix><topic>-value)', '');
}

/** The action of a command that takes every schema file in turn; exit 1 when `step` says any of them failed. */
function overSchemas(step: (http: RegistryHttp, f: SchemaFile) => Promise<'ok' | 'failed'>) {
  return configured(['registry'], async (config, o: SchemaOptions): Promise<ExitCode> => {
    const http = registryHttp(config);
    let failed = 0;
    for (const f of schemaFiles(o.dir, o.subjectPrefix)) if ((await step(http, f)) === 'failed') failed += 1;
    return failed > 0 ? EXIT.failed : EXIT.ok;
  });
}

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('register and check the Avro schemas of schemas/*.avsc');

  withSchemaOptions(schemas.command('register'))
    .description('register every schema that is new or compatible; refuse incompatible ones (exit 1)')
    .action(
      overSchemas(async (http, f) => {
        const known = await http.lookup(f.subject, f.text);
        if (known) {
          print(`unchanged   ${f.subject} (id ${known.id}, version ${known.version})`);
          return 'ok';
        }
        const state = await compatibilityOf(http, f.subject, f.text);
        if (state.state === 'incompatible') {
          print(`REFUSED     ${f.subject}: not compatible with the latest registered version${indent(state.messages)}`);
          return 'failed';
        }
        const id = await http.register(f.subject, f.text);
        print(`registered  ${f.subject} (id ${id}${state.state === 'unregistered' ? ', new subject' : ''})`);
        return 'ok';
      }),
    );

  withSchemaOptions(schemas.command('check'))
    .description(
      'check every local schema against the registry: exit 1 naming each incompatible or unregistered subject',
    )
    .action(
      overSchemas(async (http, f) => {
        const compat = await compatibilityOf(http, f.subject, f.text);
        if (compat.state !== 'compatible') {
          print(
            compat.state === 'unregistered'
              ? `UNREGISTERED ${f.subject}`
              : `INCOMPATIBLE ${f.subject}${indent(compat.messages)}`,
          );
          return 'failed';
        }
        const known = await http.lookup(f.subject, f.text);
        print(
          known
            ? `ok          ${f.subject} (registered as version ${known.version})`
            : `ok          ${f.subject} (compatible, not registered yet: run register)`,
        );
        return 'ok';
      }),
    );

  return schemas;
}
