// door.test.mjs: what happens at the door in a real browser at a phone and a
// desktop size — パスワードを忘れた方 and its one answer page, the reset
// link from the mail, ユーザIDを忘れた方, the expired password and new terms
// at login — found by what the pages say; axe on every screen. Run by
// tests/integration/t4002-browser-portal.sh (after portal.test.mjs: the new
// terms published here reach every later login), which registers one member
// per size.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import {
  account, assertFieldError, check, closeBrowser, follow, kosmoctl, logIn, mainText, mailsTo, newContext,
  newMailTo, newPage, pagePath, SITE_ONLY, url,
} from './kosmo.mjs';

const T = { timeout: 180000 };
const RESET_LINK = /http:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/;
const TERMS_AGREE = 'KOSMO Communication Web利用規約に同意する';
const NEW_TERMS_LINE = '新しい版の利用規約です。';

after(closeBrowser);

// Once for both sizes: a version newer than every member's consent.
let published = false;
function publishNewTerms() {
  if (published) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kosmo-terms-'));
  try {
    const file = path.join(dir, 'terms.txt');
    writeFileSync(file, `第1条(目的)\n${NEW_TERMS_LINE}\n\n第2条(改定)\n二つ目の段落です。\n`);
    kosmoctl('publish-terms', '2026-04', file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  published = true;
}

async function askForReset(page, userId, email) {
  await page.goto(url('/password/forgot'));
  await page.getByLabel('ユーザID', { exact: true }).fill(userId);
  await page.getByLabel('メールアドレス').fill(email);
  await follow(page, 'button', '送信');
}

async function setNewPassword(page, next, confirm) {
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード確認用').fill(confirm);
  await follow(page, 'button', '変更');
}

for (const vp of ['phone', 'desktop']) {
  const me = account(vp, 'door');
  const s = { password: me.password };  // one session for the whole file, and what changes

  test(`${vp}: パスワードを忘れた方 asks for the user ID and address, and points at empty fields`, T, async () => {
    s.context = await newContext(vp);
    s.page = await newPage(s.context);
    const { page } = s;
    await page.goto(url('/login'));
    await follow(page, 'link', 'パスワードを忘れた方');
    assert.equal(pagePath(page), '/password/forgot');
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).getAttribute('autocomplete'), 'username');
    assert.equal(await page.getByLabel('メールアドレス').getAttribute('autocomplete'), 'email');
    await check(page, 'forgot-password', SITE_ONLY);

    await follow(page, 'button', '送信');
    await assertFieldError(page, 'ユーザID', /入力してください/);
    await assertFieldError(page, 'メールアドレス', /入力してください/);
    await check(page, 'forgot-password-empty', SITE_ONLY);
  });

  test(`${vp}: the answer page is the same whether or not the ID and address match; only a match mails a link`, T, async () => {
    const { page } = s;
    const before = mailsTo(me.email, RESET_LINK).length;
    await askForReset(page, 'nosuch0000', me.email);
    const unknown = await mainText(page);
    assert.match(unknown, /パスワード再設定のご案内をメールでお送りしました/);
    assert.match(unknown, /30分間有効/);
    await askForReset(page, me.user_id, me.email);
    assert.equal(await mainText(page), unknown, 'word for word the same page');
    assert.ok(await page.getByRole('link', { name: 'ログイン画面へ' }).isVisible(), 'with a way back');
    await check(page, 'forgot-password-sent', SITE_ONLY);
    [s.resetLink] = await newMailTo(me.email, RESET_LINK, before);
    assert.equal(mailsTo(me.email, RESET_LINK).length, before + 1, 'one mail, for the match');
  });

  test(`${vp}: the link from the mail asks for the new password, points at a weak one, then sets it`, T, async () => {
    const { page } = s;
    await page.goto(s.resetLink);
    assert.equal(await page.locator('h1').textContent(), 'パスワードの再設定');
    assert.equal(await page.getByLabel('新しいパスワード', { exact: true }).getAttribute('autocomplete'), 'new-password');
    await check(page, 'reset-password', SITE_ONLY);

    await setNewPassword(page, 'onlyletters', 'onlyletters');
    await assertFieldError(page, '新しいパスワード', /英字と数字/);
    assert.equal(await page.getByLabel('新しいパスワード', { exact: true }).inputValue(), '', 'passwords are never echoed');
    await check(page, 'reset-password-errors', SITE_ONLY);

    s.password = `${me.password}r`;
    await setNewPassword(page, s.password, s.password);
    assert.match(await page.getByRole('status').innerText(), /パスワードを変更しました/);
    await check(page, 'reset-password-done', SITE_ONLY);
  });

  test(`${vp}: a used reset link says so once and offers to start again`, T, async () => {
    const { page } = s;
    await page.goto(s.resetLink);
    assert.match(await page.getByRole('alert').innerText(), /使用済みか、有効期限\(30分\)/);
    assert.equal(await page.getByLabel('新しいパスワード', { exact: true }).count(), 0, 'no form');
    await check(page, 'reset-password-invalid', SITE_ONLY);
    await follow(page, 'link', 'もう一度はじめから手続きする');
    assert.equal(pagePath(page), '/password/forgot');
  });

  test(`${vp}: ユーザIDを忘れた方 checks the birth date and mails the ID to a matching address`, T, async () => {
    const { page } = s;
    await page.goto(url('/login'));
    await follow(page, 'link', 'ユーザIDを忘れた方');
    assert.equal(pagePath(page), '/userid/forgot');
    assert.equal(await page.getByLabel('生年月日').getAttribute('inputmode'), 'numeric');
    await check(page, 'forgot-userid', SITE_ONLY);

    await page.getByLabel('メールアドレス').fill(me.email);
    await page.getByLabel('生年月日').fill('1980');
    await follow(page, 'button', '送信');
    await assertFieldError(page, '生年月日', /8桁/);
    assert.equal(await page.getByLabel('メールアドレス').inputValue(), me.email, 'the address is kept');
    await check(page, 'forgot-userid-errors', SITE_ONLY);

    const idMail = new RegExp(`\\b${me.user_id}\\b`);
    const before = mailsTo(me.email, idMail).length;
    await page.getByLabel('生年月日').fill(me.birth_date);
    await follow(page, 'button', '送信');
    assert.match(await page.getByRole('status').innerText(), /ユーザIDをメールでお知らせしました/);
    await check(page, 'forgot-userid-sent', SITE_ONLY);
    await newMailTo(me.email, idMail, before);
  });

  test(`${vp}: an expired password must be changed at login, to one that differs`, T, async () => {
    const { page } = s;
    kosmoctl('expire-password', me.user_id);
    publishNewTerms();
    await page.goto(url('/login'));
    await logIn(page, me.user_id, s.password);
    assert.equal(pagePath(page), '/password/expired');
    assert.equal(await page.locator('h1').textContent(), 'パスワードの有効期限が切れています');
    await page.goto(url('/menu'));
    assert.equal(pagePath(page), '/password/expired', 'the menu waits until it is done');
    await check(page, 'password-expired');

    await setNewPassword(page, s.password, s.password);
    await assertFieldError(page, '新しいパスワード', /現在のパスワードと同じ/);
    await check(page, 'password-expired-errors');

    s.password = `${s.password}e`;
    await setNewPassword(page, s.password, s.password);
    assert.equal(pagePath(page), '/terms/new', 'then the new terms');
  });

  test(`${vp}: new terms of use are shown at login and need 同意する before the menu`, T, async () => {
    const { page } = s;
    assert.equal(await page.locator('h1').textContent(), '利用規約改定のご確認');
    const terms = page.getByRole('article', { name: 'KOSMO Communication Web利用規約' });
    assert.match(await terms.innerText(), new RegExp(NEW_TERMS_LINE), 'the new version\'s text');
    assert.match(await mainText(page), /2026-04/, 'and its version');
    await check(page, 'terms-new');

    await follow(page, 'button', '確認');
    await assertFieldError(page, TERMS_AGREE, /同意する/);
    await check(page, 'terms-new-errors');

    await page.getByLabel(TERMS_AGREE).check();
    await follow(page, 'button', '確認');
    assert.equal(pagePath(page), '/menu');
    await follow(page, 'button', 'ログアウト');
    await logIn(page, me.user_id, s.password);
    assert.equal(pagePath(page), '/menu', 'the next login goes straight to the menu');
    await s.context.close();
  });
}
