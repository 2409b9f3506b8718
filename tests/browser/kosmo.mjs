// kosmo.mjs: what the browser tests share — Debian's chromium, the stack
// they run against, and the checks every screen must pass (axe, no
// horizontal scrolling, tap targets, no CSP report, a screenshot).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// Everything about the stack comes from t4001-browser.sh or t4002-browser-portal.sh.
function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (run tests/integration/t400N-*.sh)`);
  return value;
}

export const env = {
  base: need('KOSMO_BASE'),
  top: need('KOSMO_TOP'),
  stack: need('KOSMO_STACK'),
  dbSocket: need('KOSMO_DB_SOCKET'),
  dbName: need('KOSMO_DB_NAME'),
  screenshots: need('KOSMO_SCREENSHOTS'),
  members: need('KOSMO_MEMBERS_CSV'),
  credentials: need('KOSMO_CREDENTIALS_CSV'),
  chromium: process.env.KOSMO_CHROMIUM || '/usr/bin/chromium',
  // Screenshot names of one script's set ("door", "portal") carry it, so
  // two scripts' pictures live side by side in build/screenshots/.
  shotSet: process.env.KOSMO_SHOT_SET || '',
};

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

// --- the members the tests log in as ------------------------------------------------------

function readCsv(file) {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [cols[i], v])));
}

// Member SYMBOL-NUMBER with their birth date, category and temporary credentials.
export function member(symbol, number) {
  const key = (m) => m.symbol === String(symbol) && m.number === String(number);
  const m = readCsv(env.members).find(key);
  const c = readCsv(env.credentials).find(key);
  assert.ok(m && c, `member ${symbol}-${number} was imported`);
  return { ...m, tempId: c.temp_user_id, tempPassword: c.temp_password };
}

// The registered account the script made for viewport VP and ROLE
// (KOSMO_ACCOUNTS_CSV: viewport,role,symbol,number,user_id,password,email),
// with its member's row.
export function account(vp, role) {
  const a = readCsv(need('KOSMO_ACCOUNTS_CSV')).find((r) => r.viewport === vp && r.role === role);
  assert.ok(a, `an account for ${vp} ${role} was registered`);
  return { ...member(a.symbol, a.number), ...a };
}

// --- the stack, for the fault paths ---------------------------------------------------------

export function sql(statement) {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${env.dbSocket}`, '-uroot', '-N', '-B',
    env.dbName, '-e', statement], { encoding: 'utf8' });
}

export function stackTool(...args) {
  execFileSync(path.join(env.top, 'tools/stack'), args, { stdio: 'ignore' });
}

// build/kosmoctl ARGS with the stack's configuration; its output. Throws
// (with kosmoctl's stderr) when it fails.
export function kosmoctl(...args) {
  const bin = path.join(process.env.KOSMO_BUILD_DIR || path.join(env.top, 'build'), 'kosmoctl');
  return execFileSync(bin, ['--config', path.join(env.stack, 'kosmo.conf'), ...args],
    { cwd: env.top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// --- the mails (the stack's sendmail stand-in keeps each as STACK/mail/<time>-<pid>-<n>.eml) ---

function parseMail(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = text.slice(0, cut).replace(/\n[ \t]+/g, ' ');
  const header = (name) => (head.match(new RegExp(`^${name}:[ \t]*(.*)$`, 'im')) || [])[1] || '';
  let body = text.slice(cut + 2);
  if (/base64/i.test(header('Content-Transfer-Encoding')))
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to: header('To'), body };
}

// The bodies of the mails to address TO that match RE, oldest first: each
// body's match.
export function mailsTo(to, re) {
  const dir = path.join(env.stack, 'mail');
  return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => parseMail(readFileSync(path.join(dir, f), 'utf8')))
    .filter((m) => m.to.replace(/^.*</, '').replace(/>.*$/, '').trim() === to && re.test(m.body))
    .map((m) => m.body.match(re));
}

// Waits until more than BEFORE mails to TO match RE (they are handed to
// sendmail after the commit), then returns the newest one's match.
export async function newMailTo(to, re, before) {
  for (let i = 0; i < 200; i++) {
    const found = mailsTo(to, re);
    if (found.length > before) return found[found.length - 1];
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.fail(`no new mail to ${to} matching ${re} arrived`);
}

// --- the browser ----------------------------------------------------------------------------

let launched;

// One chromium for the whole file. A browser that does not start fails every
// test that needs it: nothing is skipped. Playwright gives each launch a
// fresh --user-data-dir of its own (a new temp dir, removed at close) and
// refuses one in ARGS.
export function browser() {
  if (!launched) {
    launched = chromium.launch({
      executablePath: env.chromium,
      headless: true,
      timeout: 60000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
  return launched;
}

export async function closeBrowser() {
  if (launched) {
    const b = await launched.catch(() => null);
    if (b) await b.close();
  }
}

// A fresh context (no cookies) at viewport NAME. Every page it opens records
// CSP reports and script errors, which check() then refuses.
export async function newContext(name) {
  const context = await (await browser()).newContext({
    viewport: viewports[name],
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  context.kosmoName = name;
  context.setDefaultTimeout(15000);
  return context;
}

export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // A 4xx/5xx of the page itself is what some tests ask for.
    if (/Failed to load resource: the server responded with a status of/.test(text)) return;
    if (msg.type() === 'error' || /Content Security Policy|Refused to/.test(text))
      page.problems.push(`console ${msg.type()}: ${text}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => page.problems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    // Subresources (the stylesheet, the icon) must all load.
    if (res.request().resourceType() !== 'document' && res.status() >= 400)
      page.problems.push(`subresource ${res.url()} answered ${res.status()}`);
  });
  return page;
}

export function url(p) {
  return env.base + p;
}

// --- axe ------------------------------------------------------------------------------------

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe-core is evaluated through the DevTools protocol, which the page's CSP
// (script-src none) does not govern: the page under test stays as served.
export async function axe(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  return result;
}

// --- the checks of every screen -------------------------------------------------------------

const shotCount = {};

// Page width WIDTH: is anything wider than the window?
async function overflowAt(page, width) {
  const old = page.viewportSize();
  await page.setViewportSize({ width, height: old.height });
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > limit) out.push(`document ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 0.5) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });
  await page.setViewportSize(old);
  return wide;
}

// The society the scripts' members belong to, whose name the pages after
// the login show in the header.
export const SAMPLE = 'サンプル健康保険組合';
// check()'s option for a page before the login (or a link's page that needs
// none): it names the site only.
export const SITE_ONLY = { insurer: '' };

let societyNames;
// The names of the stack's societies (tools/stack adds two).
function societies() {
  if (!societyNames) societyNames = sql('SELECT name FROM societies').trim().split('\n');
  return societyNames;
}

// The checks every screen passes, then its screenshot (KOSMO_SCREENSHOTS/
// VIEWPORT-[SET-]NN-NAME.png, the whole page). INSURER: the society the
// header names ('' for none); no other society is named anywhere.
export async function check(page, name, { insurer = SAMPLE } = {}) {
  const vp = page.context().kosmoName;
  await page.waitForLoadState('load');

  // One layout: language, title, header, footer, one h1, the stylesheet.
  assert.equal(await page.getAttribute('html', 'lang'), 'ja', `${name}: html lang is ja`);
  const title = await page.title();
  assert.match(title, / - KOSMO Communication Web$/, `${name}: the title names the site`);
  const h1 = page.locator('h1');
  assert.equal(await h1.count(), 1, `${name}: one h1`);
  assert.ok(title.startsWith(((await h1.textContent()) || '').trim()), `${name}: the title starts with the h1`);
  assert.equal(await page.locator('header .site-name').textContent(), 'KOSMO Communication Web', `${name}: the site name`);
  assert.deepEqual(await page.locator('header .insurer-name').allTextContents(), insurer ? [insurer] : [],
    `${name}: the header names ${insurer || 'the site only'}`);
  const html = await page.content();
  for (const other of societies().filter((n) => n !== insurer))
    assert.ok(!html.includes(other), `${name}: the page never names ${other}`);
  assert.equal(await page.locator('footer').count(), 1, `${name}: a footer`);
  const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(styled, /Noto Sans|Hiragino/, `${name}: the stylesheet is applied`);

  // Strict CSP: nothing inline, no script at all.
  const inline = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    styleAttrs: document.querySelectorAll('[style]').length,
    styleTags: document.querySelectorAll('style').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
  }));
  assert.deepEqual(inline, { scripts: 0, styleAttrs: 0, styleTags: 0, handlers: 0 }, `${name}: no inline script or style`);

  // Every control large enough for a finger.
  const small = await page.evaluate(() => {
    const out = [];
    const sel = 'button, input:not([type=hidden]):not([type=checkbox]), a.button, .check label';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.height < 44) out.push(`${el.tagName.toLowerCase()}#${el.id || ''} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  });
  assert.deepEqual(small, [], `${name}: every control is at least 44 px high`);

  // Readable without scrolling sideways at 200% zoom (1280 px at 200% is 640
  // CSS px), on a narrow phone, and at WCAG's reflow width of 320 px.
  for (const width of [640, 360, 320]) {
    assert.deepEqual(await overflowAt(page, width), [], `${name}: no horizontal scrolling at ${width} px`);
  }

  const violations = await axe(page);
  assert.deepEqual(violations, [], `${name}: axe finds no violations`);

  assert.deepEqual(page.problems, [], `${name}: no CSP report, script error or failed subresource`);

  // No hover effect from the last click in the picture.
  await page.mouse.move(0, 0);
  mkdirSync(env.screenshots, { recursive: true });
  shotCount[vp] = (shotCount[vp] || 0) + 1;
  const set = env.shotSet ? `${env.shotSet}-` : '';
  const file = path.join(env.screenshots, `${vp}-${set}${String(shotCount[vp]).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

// --- what a member does, and where the page is ------------------------------------------------

// The code in a 確認コードのお知らせ mail.
export const LOGIN_CODE = /確認コード: (\d{6})/;

// The registered address of the permanent ID ID; '' for a temporary ID
// (or anything else that is not one).
function accountEmail(id) {
  if (!/^[A-Za-z0-9]+$/.test(id)) return '';
  return sql(`SELECT email FROM accounts WHERE user_id = '${id}'`).trim();
}

// The login page's form, by its labels. When the second factor stops a
// permanent ID's login at the code page, the login goes on with the code
// mailed to the account's address, unless MAILED_CODE is false (a test of
// that page, a member with an app).
export async function logIn(page, id, password, { mailedCode = true } = {}) {
  const email = mailedCode ? accountEmail(id) : '';
  const before = email ? mailsTo(email, LOGIN_CODE).length : 0;
  await page.getByLabel('ユーザID', { exact: true }).fill(id);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForLoadState('load');
  if (email && pagePath(page) === '/login/code') {
    const [, code] = await newMailTo(email, LOGIN_CODE, before);
    await enterCode(page, code);
  }
}

// The code page's form: CODE in 確認コード, and 確認.
export async function enterCode(page, code) {
  await page.getByLabel('確認コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.waitForLoadState('load');
}

// Clicks the link or button ROLE named NAME (exactly) and waits for the next page.
export async function follow(page, role, name) {
  await page.getByRole(role, { name, exact: true }).click();
  await page.waitForLoadState('load');
}

// The page's path and query.
export function pagePath(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

export async function mainText(page) {
  return page.locator('main').innerText();
}

// The step the indicator marks as current ("1", "2", "3"), or null; and
// which are marked done.
export async function steps(page) {
  return page.evaluate(() => {
    const nav = document.querySelector('nav.steps');
    if (!nav) return null;
    const items = [...nav.querySelectorAll('li')];
    return {
      current: items.filter((li) => li.getAttribute('aria-current') === 'step').map((li) => li.querySelector('.step-number').textContent),
      done: items.filter((li) => li.classList.contains('done')).map((li) => li.querySelector('.step-number').textContent),
      text: nav.textContent,
    };
  });
}

// Field LABEL (within SCOPE: the page, or a locator such as one form) is
// marked invalid and its message, tied by aria-describedby, matches RE.
export async function assertFieldError(scope, label, re) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  const field = scope.getByLabel(label, { exact: true });
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is marked aria-invalid`);
  const ids = ((await field.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  const texts = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).textContent());
  assert.ok(texts.some((t) => re.test(t)), `${label}: a message tied by aria-describedby matches ${re} (got ${JSON.stringify(texts)})`);
}
