// `npm run demo`: the product end to end, on a fresh machine. Starts the local stack
// (or uses the configured / already running one), provisions a private set of topics
// (`demo-<run>.` prefix, so a reused stack's history never leaks in) and a private
// database, starts the three workers, then walks the story of lib/demo-story.ts:
// each request printed beside its reply. Then the mail the customers got, a
// customer's open items, and a summary. Exit 0 only when every reply carried the
// expected code and every customer got exactly the mail expected.
//
// `--running` sends the same story to the workers `npm start` runs instead (its
// topics and database; nothing provisioned or started here), printing each
// requestId, so the requests can be followed in the operator console it serves.
import '@workers/runtime/produce-fix';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { listOpenItems } from '@workers/contact-worker';
import { topicVariables } from '@workers/contracts';
import { RequestTimeoutError } from '@workers/client';
import { loadOpsConfig, OperatorSender } from '@workers/ops';
import { devKeys } from './lib/dev-keys';
import { demoStory, type Step } from './lib/demo-story';
import { resolveEndpoints } from './lib/endpoints';
import { capturedMail, waitForMail } from './lib/mailbox';
import { provision } from './lib/provision';
import { startWorkers, stopWorkers, waitReady, WORKERS } from './lib/workers';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const say = (line: string): void => void process.stderr.write(`demo: ${line}\n`);
const short = (v: unknown, max = 110): string => {
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

async function tell(sender: OperatorSender, n: number, step: Step, showIds: boolean): Promise<boolean> {
  const call = await sender.start(step.topic, step.request);
  const answer = await call.answer.catch((err: unknown) => {
    if (err instanceof RequestTimeoutError) return undefined;
    throw err;
  });
  const value = (answer?.reply ?? {}) as Record<string, unknown>;
  const code = answer?.code ?? 'no reply';
  const ok = code === step.expect;
  const [opName, fields] = Object.entries(step.request.operation as Record<string, unknown>)[0] ?? ['?', {}];
  out(`${String(n).padStart(2)}. ${step.title}`);
  out(`    → ${step.topic}  ${opName} ${short(fields)}${showIds ? `  requestId ${call.requestId}` : ''}`);
  const ids = ['customerId', 'contactId', 'accountId']
    .filter((k) => value[k])
    .map((k) => `${k}=${String(value[k])}`)
    .join(' ');
  out(
    `    ← ${value.status ?? '—'} ${code}${ids ? `  ${ids}` : ''}  「${String(value.message ?? '')}」${ok ? '' : `   ✗ expected ${step.expect}`}`,
  );
  return ok;
}

async function main(running: boolean): Promise<number> {
  const started = Date.now();
  const run = randomBytes(3).toString('hex');
  const prefix = running ? '' : `demo-${run}.`;
  const endpoints = await resolveEndpoints(say);
  const database = running ? process.env.MONGODB_DB || 'workers' : `demo_${run}`;
  const env: NodeJS.ProcessEnv = {
    MAIL_FROM: 'マイページ <no-reply@mypage.example.jp>',
    MYPAGE_URL: 'https://mypage.example.jp/',
    ...process.env,
    ...endpoints.env,
    ...(endpoints.local ? devKeys(say) : {}),
    ...topicVariables(prefix),
    MONGODB_DB: database,
    MAIL_RATE_PER_SEC: '50',
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
  };
  const workers = running ? Promise.resolve([]) : startWorkersAfter(env, prefix, run);
  try {
    const w = await workers;
    const story = demoStory(run);
    const config = loadOpsConfig(['kafka', 'registry'], env);
    const sender = new OperatorSender(config, prefix, 'demo');
    out(
      running
        ? `Demo run ${run}: sent to the workers \`npm start\` runs (declared topics, database ${database})`
        : `Demo run ${run}: topics ${prefix}*, database ${database}, workers ${w.map((x) => x.name).join(', ')}`,
    );
    out();
    let good = 0;
    try {
      for (const [i, step] of story.steps.entries()) good += (await tell(sender, i + 1, step, running)) ? 1 : 0;
    } finally {
      await sender.close();
    }

    out();
    out('Mail the customers got:');
    let mailOk = true;
    if (env.MAIL_API_URL) {
      await waitForMail(env.MAIL_API_URL, story.mails, 30_000);
      await new Promise((r) => setTimeout(r, 1500)); // room for an unexpected extra mail to show up
      const mails = await capturedMail(env.MAIL_API_URL, Object.keys(story.mails));
      for (const m of mails)
        out(`  ✉ ${m.envelopeTo.join(', ')}  「${m.subject ?? ''}」  ${/https:\/\/\S+/.exec(m.text ?? '')?.[0] ?? ''}`);
      for (const [to, n] of Object.entries(story.mails)) {
        const got = mails.filter((m) => m.envelopeTo.includes(to)).length;
        if (got !== n) {
          mailOk = false;
          out(`  ✗ ${to}: ${got} mail(s), expected ${n}`);
        }
      }
      for (const [to, n] of Object.entries(story.mails))
        if (n === 0) out(`  – ${to}: no mail (mail delivery stopped, 配信停止)`);
    } else {
      out(`  sent through ${env.SMTP_URL}; look in that server's mailbox`);
    }

    const mongo = await MongoClient.connect(env.MONGODB_URI ?? '');
    const items = await listOpenItems(mongo.db(database), { personalId: story.personalIds[0] }).finally(() =>
      mongo.close(),
    );
    out();
    out(
      `Open items of ${story.personalIds[0]} (ops open-items): ${items.map((i) => `${i.contactId} 「${i.title}」`).join(', ') || 'none'}`,
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const passed = good === story.steps.length && mailOk;
    out();
    out(
      `demo ${passed ? 'passed' : 'FAILED'}: ${good}/${story.steps.length} replies as expected, mail ${mailOk ? 'as expected' : 'NOT as expected'}, ${seconds} s`,
    );
    if (running) {
      const consoleUrl = `http://127.0.0.1:${process.env.CONSOLE_PORT || 8090}`;
      const contact = (
        story.steps.find((st) => st.title.startsWith('approve it'))?.request.operation as {
          UpdateContact?: { contactId?: string };
        }
      )?.UpdateContact?.contactId;
      out(
        `Follow them in the operator console: ${consoleUrl}/trace?q=${contact ?? ''} (the approved contact: request, reply, event, mail), or any requestId above.`,
      );
    }
    return passed ? 0 : 1;
  } finally {
    await stopWorkers(await workers.catch(() => []));
    await endpoints.close();
  }
}

async function startWorkersAfter(env: NodeJS.ProcessEnv, prefix: string, run: string) {
  say(`provisioning topics ${prefix}* and their schemas…`);
  await provision(env, prefix);
  say('starting the workers…');
  const w = await startWorkers(WORKERS, env, 'ignore', `demo-${run}-`);
  await waitReady(w).catch(async (err: Error) => {
    await stopWorkers(w);
    throw err;
  });
  return w;
}

const args = process.argv.slice(2);
if (args.some((a) => a !== '--running')) {
  say(
    `unknown argument ${args.filter((a) => a !== '--running').join(' ')}; the only option is --running (use the workers \`npm start\` runs)`,
  );
  process.exit(2);
}

main(args.includes('--running')).then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
