// One headless Chromium per test file (Debian's /usr/bin/chromium driven by
// playwright-core: no browser download), a fresh profile each time, and every
// JavaScript error a page throws or logs collected, so a scenario can assert none.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { repoRoot } from '@workers/devstack';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class Browser {
  /** Page errors and console errors of every page opened. */
  readonly errors: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async open(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    return new Browser(context, profile);
  }

  async page(url: string): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (err) => this.errors.push(`${page.url()}: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`${page.url()}: ${m.text()}`);
    });
    await page.goto(url);
    return page;
  }

  /** Signs in to the console at `consoleUrl` (the session cookie stays in this browser's profile). */
  async signIn(consoleUrl: string, token: string, operator: string): Promise<void> {
    const page = await this.page(`${consoleUrl}/login`);
    await page.locator('input[name="operator"]').fill(operator);
    await page.locator('input[name="token"]').fill(token);
    await Promise.all([page.waitForURL(/\/overview$/), page.locator('button[type="submit"]').click()]);
    await page.close();
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/**
 * Waits until the locator's text matches (the live pages refresh themselves; a page
 * that does not, such as Dead letters, is passed as `reload` and reloaded between
 * looks); throws with the last text seen.
 */
export async function waitForText(
  locator: Locator,
  pattern: RegExp,
  timeoutMs = 30_000,
  reload?: Page,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = (await locator.count()) > 0 ? await locator.first().innerText() : '(absent)';
    if (pattern.test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; last text: ${last.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 200));
    await reload?.reload();
  }
}

/** With CONSOLE_SCREENSHOTS=1, saves the page as docs/console/<name>.png (the pictures in docs/console.md). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const dir = join(repoRoot, 'docs', 'console');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
