// A notification mail is the same for every recipient of a contact but for its To,
// Message-ID and Date lines, and composing MIME is most of what a send costs the
// worker (≈ 0.8 ms of CPU each, Japanese text encoded every time). So nodemailer's
// MailComposer composes it once, with placeholder lines, and each send replaces those
// three lines. An address that would need encoding or quoting in a header (anything
// but a plain ASCII address) is not templated: the caller composes that mail as usual.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const PH_TO = 'to@placeholder.invalid';
const PH_ID = '<id@placeholder.invalid>';
const PH_DATE = new Date(0);
/** nodemailer's own Date format. */
const rfc2822 = (d: Date): string => d.toUTCString().replace(/GMT/, '+0000');
const LINES = {
  to: `\r\nTo: ${PH_TO}\r\n`,
  id: `\r\nMessage-ID: ${PH_ID}\r\n`,
  date: `\r\nDate: ${rfc2822(PH_DATE)}\r\n`,
};
/** An address a header can carry as it is. */
const PLAIN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;
const MAX_TEMPLATES = 16;

interface Template {
  head: string;
  body: Buffer;
}

export class CompiledMails {
  private readonly templates = new Map<string, Promise<Template | null>>();

  constructor(private readonly from: string) {}

  /** The whole message for `to`, or null when it must be composed the usual way. */
  async render(content: MailContent, to: string, messageId: string, date = new Date()): Promise<Buffer | null> {
    if (!PLAIN.test(to) || !/^<[\x21-\x7e]+>$/.test(messageId)) return null;
    const t = await this.template(content);
    if (!t) return null;
    const head = t.head
      .replace(LINES.to, `\r\nTo: ${to}\r\n`)
      .replace(LINES.id, `\r\nMessage-ID: ${messageId}\r\n`)
      .replace(LINES.date, `\r\nDate: ${rfc2822(date)}\r\n`);
    return Buffer.concat([Buffer.from(head, 'utf8'), t.body]);
  }

  private template(c: MailContent): Promise<Template | null> {
    const key = `${c.subject}\u0000${c.text}\u0000${c.html}`;
    let t = this.templates.get(key);
    if (!t) {
      if (this.templates.size >= MAX_TEMPLATES) this.templates.delete(this.templates.keys().next().value!);
      t = compose({
        from: this.from,
        subject: c.subject,
        text: c.text,
        html: c.html,
        to: PH_TO,
        messageId: PH_ID,
        date: PH_DATE,
      });
      this.templates.set(key, t);
    }
    return t;
  }
}

/** Splits nodemailer's output after its header block; null if a placeholder line is not where expected. */
function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Template | null> {
  return new Promise((resolve) => {
    new MailComposer(mail).compile().build((err, message) => {
      if (err) return resolve(null);
      // The head keeps the CRLF that ends its last line; the body starts with the empty line.
      const end = message.indexOf('\r\n\r\n') + 2;
      const head = message.subarray(0, end).toString('utf8');
      resolve(
        end > 2 && Object.values(LINES).every((l) => head.includes(l)) ? { head, body: message.subarray(end) } : null,
      );
    });
  });
}
