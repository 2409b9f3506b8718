// factor.test.mjs: 二段階認証 in 登録情報の変更 in a real browser at a phone
// and a desktop size — the section, 認証アプリの設定 with its QR code and
// key, a wrong and a right code from a TOTP of the test's own (RFC 6238 with
// node's HMAC, not the server's liboath), the リカバリーコード shown once,
// the login with the app's code, and 認証アプリの解除 with a recovery code
// — found by what the pages say; axe on every screen. Run by
// tests/integration/t4003-browser-factor.sh, which registers one member per
// size.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, test } from 'node:test';

import {
  account, assertFieldError, check, closeBrowser, enterCode, follow, logIn, LOGIN_CODE, mainText, mailsTo,
  newContext, newMailTo, newPage, pagePath, url,
} from './kosmo.mjs';

const T = { timeout: 180000 };
// The two bodies of 二段階認証の設定変更のお知らせ.
const APP_SET = /認証アプリが設定されました/;
const APP_REMOVED = /認証アプリの設定が解除されました/;

after(closeBrowser);

// --- the test's own authenticator app (RFC 6238: HMAC-SHA-1, 30 s, 6 digits) ---------------

function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s+/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `the key is Base32 (${c})`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const nowStep = () => Math.floor(Date.now() / 1000 / 30);

// RFC 6238's first vector, so that a wrong implementation fails here.
assert.equal(totp(Buffer.from('12345678901234567890'), Math.floor(59 / 30)), '287082');

for (const vp of ['phone', 'desktop']) {
  const me = account(vp, 'factor');
  const s = {};  // one session for the whole file, and what the app knows

  test(`${vp}: 登録情報の変更 has a 二段階認証 section that links 認証アプリの設定`, T, async () => {
    s.context = await newContext(vp);
    s.page = await newPage(s.context);
    const { page } = s;
    await page.goto(url('/login'));
    await logIn(page, me.user_id, me.password);
    assert.equal(pagePath(page), '/menu', 'logged in through the code by mail');
    await follow(page, 'link', '登録情報の変更');
    const section = await mainText(page);
    assert.match(section, /二段階認証/);
    assert.match(section, /ログインのたびに、確認コードを登録メールアドレスにお送りします/);
    assert.ok(await page.getByRole('button', { name: '信頼したブラウザをすべて解除' }).isVisible());
    await check(page, 'settings-factor');
  });

  test(`${vp}: 認証アプリの設定 shows the QR code and the key, and refuses a wrong code`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '認証アプリの設定');
    assert.equal(pagePath(page), '/settings/app');
    const qr = page.getByRole('img', { name: '認証アプリで読み取るQRコード' });
    assert.ok(await qr.isVisible(), 'the QR code is an image with its name');
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 100), 'and it loaded');
    const box = await qr.boundingBox();
    assert.ok(box.width >= 200, `large enough to scan (${box.width} px)`);
    const key = (await page.locator('.key').innerText()).trim();
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, 'the key in groups of four');
    s.key = base32Bytes(key);
    const field = page.getByLabel('認証アプリの確認コード');
    assert.equal(await field.getAttribute('inputmode'), 'numeric');
    assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
    await check(page, 'app-setup');

    const step = nowStep();
    const right = new Set([step - 1, step, step + 1, step + 2].map((t) => totp(s.key, t)));
    const wrong = ['000000', '111111', '222222', '333333', '444444'].find((c) => !right.has(c));
    await field.fill(wrong);
    await follow(page, 'button', '設定');
    await assertFieldError(page, '認証アプリの確認コード', /確認コードが正しくありません/);
    assert.equal((await page.locator('.key').innerText()).trim(), key, 'the same key again');
    await check(page, 'app-setup-error');
  });

  test(`${vp}: the app's code sets it up and shows ten リカバリーコード once`, T, async () => {
    const { page } = s;
    const before = mailsTo(me.email, APP_SET).length;
    s.step = nowStep();
    await page.getByLabel('認証アプリの確認コード').fill(totp(s.key, s.step));
    await follow(page, 'button', '設定');
    assert.equal(await page.locator('h1').textContent(), 'リカバリーコード');
    s.codes = await page.locator('.recovery-codes code').allInnerTexts();
    assert.equal(s.codes.length, 10, 'ten codes');
    for (const c of s.codes) assert.match(c, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.match(await mainText(page), /表示されるのは今回だけ/, 'shown only this once');
    await check(page, 'recovery-codes');
    await newMailTo(me.email, APP_SET, before);

    await follow(page, 'link', '書き写しました(登録情報の変更へ)');
    assert.equal(pagePath(page), '/settings');
    const body = await mainText(page);
    assert.match(body, /設定済みです/);
    assert.match(body, /リカバリーコードの残り: 10個/);
    assert.ok(!s.codes.some((c) => body.includes(c)), 'the codes are not shown again');
    await check(page, 'settings-app');
  });

  test(`${vp}: the next login asks for the app's code instead of mailing one`, T, async () => {
    const { page } = s;
    await follow(page, 'link', 'メインメニュー');
    await follow(page, 'button', 'ログアウト');
    await logIn(page, me.user_id, me.password, { mailedCode: false });
    assert.equal(pagePath(page), '/login/code');
    assert.match(await mainText(page), /認証アプリ/);
    assert.equal(await page.getByRole('button', { name: 'コードを再送信' }).count(), 0, 'no mail to resend');
    await check(page, 'login-code-app');
    await follow(page, 'link', '認証アプリを使えない方');
    assert.equal(pagePath(page), '/login/recovery');
    await check(page, 'login-recovery');
    await follow(page, 'link', '確認コードの入力に戻る');
    await enterCode(page, totp(s.key, Math.max(s.step + 1, nowStep())));
    assert.equal(pagePath(page), '/menu', 'the app\'s code opens the portal');
  });

  test(`${vp}: 認証アプリの解除 takes the password and a recovery code`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '登録情報の変更');
    const form = () => page.getByRole('form', { name: '認証アプリの解除' });
    await form().getByLabel('現在のパスワード').fill(me.password);
    await form().getByLabel('確認コード').fill('ZZZZZ-ZZZZZ');
    await form().getByRole('button', { name: '認証アプリを解除' }).click();
    await page.waitForLoadState('load');
    await assertFieldError(form(), '確認コード', /リカバリーコードが正しくないか/);
    await check(page, 'settings-app-remove-error');

    const before = mailsTo(me.email, APP_REMOVED).length;
    await form().getByLabel('現在のパスワード').fill(me.password);
    await form().getByLabel('確認コード').fill(s.codes[0]);
    await form().getByRole('button', { name: '認証アプリを解除' }).click();
    await page.waitForLoadState('load');
    assert.equal(pagePath(page), '/settings?done=app_removed');
    assert.match(await page.getByRole('status').innerText(), /認証アプリを解除しました/);
    assert.ok(await page.getByRole('link', { name: '認証アプリの設定' }).isVisible(), 'the set-up is offered again');
    await check(page, 'settings-app-removed');
    await newMailTo(me.email, APP_REMOVED, before);

    // Without the app the next login mails a code: the code page's mail form.
    await follow(page, 'link', 'メインメニュー');
    await follow(page, 'button', 'ログアウト');
    const codes = mailsTo(me.email, LOGIN_CODE).length;
    await logIn(page, me.user_id, me.password, { mailedCode: false });
    assert.equal(pagePath(page), '/login/code');
    assert.match(await mainText(page), /確認コードをお送りしました/);
    await check(page, 'login-code');
    const [, code] = await newMailTo(me.email, LOGIN_CODE, codes);
    await enterCode(page, code);
    assert.equal(pagePath(page), '/menu', 'the mailed code opens the portal');
    await s.context.close();
  });
}
