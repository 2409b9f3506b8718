// flow.test.mjs: a member's whole first login in a real browser, at a phone
// and a desktop size, found only by what the page says (labels, button
// names), plus the error paths; axe on every screen. Run by
// tests/integration/t4001-browser.sh, which starts the stack and imports the
// members (symbol 4001: the flow; 4002: the expired session and the lock;
// 4003: members of the second society, 06130017).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import {
  assertFieldError, axe, check, closeBrowser, env, follow, logIn, mainText as text, member,
  newContext, newPage, pagePath as path, SITE_ONLY, sql, stackTool, steps, url,
} from './kosmo.mjs';

const T = { timeout: 180000 };
// The second society of the stack: its members see its name from step 2 on.
const MINATO = { insurer: 'みなと健康保険組合' };
const VERIFY_MAX_FAILURES = Number(process.env.KOSMO_VERIFY_MAX_FAILURES || 3);

after(closeBrowser);

// The members' guide: what a member types, by the labels of the page.
async function verify(page, insurer, birth, agree = true) {
  await page.getByLabel('保険者番号').fill(insurer);
  await page.getByLabel('生年月日').fill(birth);
  const box = page.getByLabel('KOSMO Communication Web利用規約に同意する');
  if (agree) await box.check(); else await box.uncheck();
  await page.getByRole('button', { name: '確認' }).click();
  await page.waitForLoadState('load');
}

async function enter(page, userId, password, confirm, email) {
  await page.getByLabel('ユーザID', { exact: true }).fill(userId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByLabel('パスワード確認用').fill(confirm);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.waitForLoadState('load');
}

for (const vp of ['phone', 'desktop']) {
  const n = vp === 'phone' ? 1 : 2;
  const flow = member(4001, n);
  const other = member(4002, n);
  const newId = vp === 'phone' ? 'hanako0401' : 'desk2025a';
  const newPassword = 'Sakura2025x';
  const email = `${newId}@example.co.jp`;
  const s = {};  // the flow's context and page, from one test to the next

  test(`${vp}: the login page asks for the temporary ID and says where it is printed`, T, async () => {
    s.context = await newContext(vp);
    s.page = await newPage(s.context);
    const res = await s.page.goto(url('/'));
    assert.equal(res.status(), 200);
    assert.equal(path(s.page), '/login', '/ leads to the login page');
    assert.deepEqual((await steps(s.page)).current, ['1'], 'step 1 is current');
    assert.match((await steps(s.page)).text, /ログイン.*本人情報の確認.*本ID・パスワード登録/);
    const id = s.page.getByLabel('ユーザID', { exact: true });
    assert.equal(await id.getAttribute('autocomplete'), 'username');
    assert.equal(await s.page.getByLabel('パスワード', { exact: true }).getAttribute('autocomplete'), 'current-password');
    const body = await text(s.page);
    for (const where of ['web サービスのご案内', '台紙', 'WEBサービスのご案内'])
      assert.ok(body.includes(where), `the help names ${where}`);
    await check(s.page, 'login', SITE_ONLY);
  });

  test(`${vp}: an empty login form points at each field; a wrong password keeps the ID`, T, async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForLoadState('load');
    await assertFieldError(page, 'ユーザID', /入力してください/);
    await assertFieldError(page, 'パスワード', /入力してください/);
    const summary = page.locator('.error-summary');
    assert.ok(await summary.isVisible(), 'the error summary is shown');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary', 'the summary has the focus');
    // Its first link brings the field into view.
    await summary.getByRole('link').first().click();
    assert.equal(new URL(page.url()).hash, '#user_id');
    assert.ok(await page.getByLabel('ユーザID', { exact: true }).isVisible());
    await check(page, 'login-empty', SITE_ONLY);

    await logIn(page, flow.tempId, 'wrong-password-1');
    assert.equal(path(page), '/login');
    assert.match(await text(page), /ユーザIDまたはパスワードが正しくありません/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'form-error', 'the message has the focus');
    assert.equal(await page.getAttribute('#form-error', 'role'), 'alert');
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).inputValue(), flow.tempId, 'the ID is kept');
    assert.equal(await page.getByLabel('パスワード', { exact: true }).inputValue(), '', 'the password is not');
    await check(page, 'login-failed', SITE_ONLY);
  });

  test(`${vp}: the temporary ID and password lead to step 2, which says where the numbers are`, T, async () => {
    const { page } = s;
    await logIn(page, flow.tempId, flow.tempPassword);
    assert.equal(path(page), '/verify');
    assert.deepEqual(await steps(page).then((x) => [x.current, x.done]), [['2'], ['1']], 'step 2 current, 1 done');
    const insurer = page.getByLabel('保険者番号');
    const birth = page.getByLabel('生年月日');
    assert.equal(await insurer.getAttribute('inputmode'), 'numeric');
    assert.equal(await birth.getAttribute('inputmode'), 'numeric');
    assert.equal(await birth.getAttribute('autocomplete'), 'bday');
    const body = await text(page);
    assert.match(body, /最下段/, 'where the insurer number is printed');
    assert.match(body, /19800123/, 'an example of the 8 digits');
    await check(page, 'verify');
  });

  test(`${vp}: step 2 reports each missing or malformed entry and keeps it`, T, async () => {
    const { page } = s;
    await page.getByRole('button', { name: '確認' }).click();
    await page.waitForLoadState('load');
    await assertFieldError(page, '保険者番号', /入力してください/);
    await assertFieldError(page, '生年月日(8桁)', /入力してください/);
    await assertFieldError(page, 'KOSMO Communication Web利用規約に同意する', /同意する/);
    await check(page, 'verify-empty');

    await verify(page, '0627999', '1980012', false);
    await assertFieldError(page, '保険者番号', /8桁/);
    await assertFieldError(page, '生年月日(8桁)', /8桁/);
    assert.equal(await page.getByLabel('保険者番号').inputValue(), '0627999', 'the entries are kept');
    assert.equal(await page.getByLabel('生年月日').inputValue(), '1980012');
    await check(page, 'verify-format');
  });

  test(`${vp}: step 2 with another birth date says the entries do not match`, T, async () => {
    const { page } = s;
    await verify(page, flow.insurer_number, '19991231');
    assert.equal(path(page), '/verify');
    assert.match(await text(page), /一致しません/);
    assert.equal(await page.getByLabel('保険者番号').inputValue(), flow.insurer_number, 'the insurer number is kept');
    await check(page, 'verify-mismatch');
  });

  test(`${vp}: the terms of use open from step 2, with their version and date`, T, async () => {
    const { page, context } = s;
    const [terms] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'KOSMO Communication Web利用規約' }).click(),
    ]);
    terms.problems = [];
    await terms.waitForLoadState('load');
    assert.equal(path(terms), '/terms');
    assert.equal(await terms.locator('h1').textContent(), 'KOSMO Communication Web利用規約');
    assert.match(await text(terms), /2022-03/, 'the version');
    assert.match(await text(terms), /2022年3月1日/, 'the date');
    await check(terms, 'terms');
    await terms.close();
  });

  test(`${vp}: the right insurer number and birth date lead to step 3 and its rules`, T, async () => {
    const { page } = s;
    await verify(page, flow.insurer_number, flow.birth_date);
    assert.equal(path(page), '/register');
    assert.deepEqual(await steps(page).then((x) => [x.current, x.done]), [['3'], ['1', '2']]);
    const body = await text(page);
    assert.match(body, /変更できません/, 'the user ID can never be changed');
    assert.match(body, /360日/, 'the password lasts 360 days');
    assert.match(body, /○○@example\.co\.jp/, 'employees are told their company domain');
    assert.equal(await page.getByLabel('パスワード', { exact: true }).getAttribute('autocomplete'), 'new-password');
    assert.equal(await page.getByLabel('パスワード確認用').getAttribute('autocomplete'), 'new-password');
    assert.equal(await page.getByLabel('メールアドレス').getAttribute('autocomplete'), 'email');
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).getAttribute('autocomplete'), 'username');
    await check(page, 'register');
  });

  test(`${vp}: step 3 reports each broken rule and keeps the ID and mail address`, T, async () => {
    const { page } = s;
    await enter(page, 'short', 'password', 'passw0rd', `${newId}@example.com`);
    await assertFieldError(page, 'ユーザID', /8桁以上、13桁以内/);
    await assertFieldError(page, 'パスワード', /英字と数字/);
    await assertFieldError(page, 'メールアドレス', /会社のメールアドレス/);
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).inputValue(), 'short');
    assert.equal(await page.getByLabel('メールアドレス').inputValue(), `${newId}@example.com`);
    assert.equal(await page.getByLabel('パスワード', { exact: true }).inputValue(), '', 'passwords are never echoed');
    assert.equal(await page.locator('.error-summary li').count(), 3, 'the summary lists the three');
    await check(page, 'register-errors');

    await enter(page, newId, newPassword, 'Sakura2025y', email);
    await assertFieldError(page, 'パスワード確認用', /一致しません/);
    await check(page, 'register-mismatch');
  });

  test(`${vp}: the confirm screen shows the entries and the sender; 戻る keeps them`, T, async () => {
    const { page } = s;
    await enter(page, newId, newPassword, newPassword, email);
    assert.equal(path(page), '/register/confirm');
    assert.deepEqual((await steps(page)).current, ['3']);
    const shown = await page.locator('dl dd').allInnerTexts();
    assert.ok(shown.includes(newId) && shown.includes(email), `the entries are shown (${shown})`);
    assert.ok(!(await page.content()).includes(newPassword), 'the password is not');
    assert.match(await text(page), /webmaster@kosmoweb\.jp/, 'the completion mail sender');
    assert.match(await text(page), /ドメイン/, 'and the advice on domain filters');
    await check(page, 'confirm');

    await page.getByRole('button', { name: '戻る' }).click();
    await page.waitForLoadState('load');
    assert.equal(path(page), '/register');
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).inputValue(), newId, '戻る keeps the ID');
    assert.equal(await page.getByLabel('メールアドレス').inputValue(), email, 'and the mail address');
    await enter(page, newId, newPassword, newPassword, email);
    assert.equal(path(page), '/register/confirm');
  });

  test(`${vp}: 実行 completes the registration and opens the main menu`, T, async () => {
    const { page } = s;
    await page.getByRole('button', { name: '実行' }).click();
    await page.waitForLoadState('load');
    assert.equal(path(page), '/register/done');
    assert.match(await text(page), /登録が完了しました/);
    assert.deepEqual(await steps(page).then((x) => [x.current, x.done]), [[], ['1', '2', '3']], 'every step done');
    await check(page, 'done');

    await page.getByRole('link', { name: 'メインメニューへ' }).click();
    await page.waitForLoadState('load');
    assert.equal(path(page), '/menu');
    assert.match(await text(page), new RegExp(newId));
    await check(page, 'menu');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForLoadState('load');
    assert.equal(path(page), '/login');
    // The permanent ID works from now on.
    await logIn(page, newId, newPassword);
    assert.equal(path(page), '/menu');
    await s.context.close();
  });

  test(`${vp}: a member of the second society sees its name in the header, never the first's, from step 2 on`, T, async () => {
    const minato = member(4003, n);
    const userId = `minato${vp === 'phone' ? '0390' : '1280'}`;
    const context = await newContext(vp);
    const page = await newPage(context);
    await page.goto(url('/login'));
    await logIn(page, minato.tempId, minato.tempPassword);
    assert.equal(path(page), '/verify');
    await check(page, 'minato-verify', MINATO);
    await verify(page, minato.insurer_number, minato.birth_date);
    assert.equal(path(page), '/register');
    assert.match(await text(page), /○○@example\.net/, 'employees are told its own company domain');
    await check(page, 'minato-register', MINATO);
    await enter(page, userId, newPassword, newPassword, `${userId}@example.net`);
    assert.equal(path(page), '/register/confirm');
    await follow(page, 'button', '実行');
    await follow(page, 'link', 'メインメニューへ');
    assert.equal(path(page), '/menu');
    await check(page, 'minato-menu', MINATO);
    await follow(page, 'link', '資格情報');
    assert.equal(path(page), '/eligibility');
    assert.match(await text(page), /保険者名\s*みなと健康保険組合/, 'its own name as the insurer');
    await check(page, 'minato-eligibility', MINATO);
    await context.close();
  });

  test(`${vp}: later steps without a session, and an expired session, lead to the login page`, T, async () => {
    const context = await newContext(vp);
    const page = await newPage(context);
    for (const later of ['/verify', '/register', '/register/confirm', '/register/done', '/menu']) {
      await page.goto(url(later));
      assert.equal(path(page), '/login', `${later} without a session`);
    }
    await page.goto(url('/login'));
    await logIn(page, other.tempId, other.tempPassword);
    assert.equal(path(page), '/verify');
    await page.goto(url('/register'));
    assert.equal(path(page), '/verify', 'step 3 before step 2 goes back to step 2');

    sql(`UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 2 DAY, created_at = NOW(6) - INTERVAL 2 DAY
         WHERE member_id = (SELECT id FROM members WHERE symbol = '4002' AND number = '${n}')`);
    await page.reload();
    assert.equal(path(page), '/login?expired=1');
    assert.match(await text(page), /一定時間操作がなかった/);
    assert.equal(await page.getAttribute('#form-error', 'role'), 'status', 'news, not an alert');
    assert.equal(await page.locator('.error-summary').count(), 0, 'and no error summary');
    assert.equal(await page.getByLabel('ユーザID', { exact: true }).count(), 1, 'with the login form');
    await check(page, 'expired', SITE_ONLY);
    await context.close();
  });

  test(`${vp}: repeated step-2 mismatches stop the procedure and say whom to ask`, T, async () => {
    const context = await newContext(vp);
    const page = await newPage(context);
    await page.goto(url('/login'));
    await logIn(page, other.tempId, other.tempPassword);
    assert.equal(path(page), '/verify');
    for (let i = 0; i < VERIFY_MAX_FAILURES; i++)
      await verify(page, other.insurer_number, '19000101');
    assert.match(await text(page), /手続きを停止しました/);
    assert.match(await text(page), /サンプル健康保険組合/, 'whom to ask');
    assert.equal(await page.getByLabel('保険者番号').count(), 0, 'no form any more');
    await check(page, 'locked');
    await context.close();
  });

  test(`${vp}: an unknown address and an oversized form get the site's error pages`, T, async () => {
    const context = await newContext(vp);
    const page = await newPage(context);
    const res = await page.goto(url('/no/such/page'));
    assert.equal(res.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'ページが見つかりません');
    assert.ok(await page.getByRole('link', { name: 'ログイン画面へ' }).isVisible(), 'a way back');
    await check(page, 'error-404', SITE_ONLY);

    await page.goto(url('/login'));
    // More than [server] max_body (16 KiB), less than nginx's limit: the
    // binary's own 413 page.
    await page.getByLabel('ユーザID', { exact: true }).evaluate((el) => { el.value = 'x'.repeat(20000); });
    await page.getByLabel('パスワード', { exact: true }).fill('whatever');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'ログイン' }).click(),
    ]);
    assert.equal(answer.status(), 413);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').textContent(), '送信内容が大きすぎます');
    await check(page, 'error-413', SITE_ONLY);

    // A form sent after its cookie is gone (another tab logged out, the
    // browser dropped it): the CSRF check refuses it with the 403 page.
    await page.goto(url('/login'));
    await context.clearCookies();
    await logIn(page, other.tempId, other.tempPassword);
    assert.equal(await page.locator('h1').textContent(), 'もう一度操作してください');
    await check(page, 'error-403', SITE_ONLY);
    await page.getByRole('link', { name: 'ログイン画面へ' }).click();
    await page.waitForLoadState('load');
    assert.equal(path(page), '/login', 'and its button leads back to the login page');
    await context.close();
  });
}

// The check is not vacuous: axe does report a broken page.
test('axe reports a field without a label', T, async () => {
  const context = await newContext('phone');
  const page = await newPage(context);
  await page.goto(url('/login'));
  await page.evaluate(() => document.querySelector('label[for=user_id]').remove());
  const violations = await axe(page);
  assert.ok(violations.some((v) => v.id === 'label'), `axe found: ${violations.map((v) => v.id)}`);
  await context.close();
});

// The faults change the whole stack: both sizes in one go.
test('phone and desktop: an internal error gets the 500 page', T, async () => {
  const pages = [];
  for (const vp of ['phone', 'desktop']) {
    const context = await newContext(vp);
    const page = await newPage(context);
    await page.goto(url('/login'));  // a session cookie, so /verify asks the database
    pages.push(page);
  }
  sql('RENAME TABLE sessions TO sessions_hidden');
  try {
    for (const page of pages) {
      const res = await page.goto(url('/verify'));
      assert.equal(res.status(), 500);
      assert.match(await text(page), /しばらくしてから/);
      await check(page, 'error-500', SITE_ONLY);
    }
  } finally {
    sql('RENAME TABLE sessions_hidden TO sessions');
  }
  for (const page of pages) await page.context().close();
});

test('phone and desktop: with the database down the pages say to try again later (503)', T, async () => {
  const pages = [];
  for (const vp of ['phone', 'desktop']) {
    const context = await newContext(vp);
    const page = await newPage(context);
    await page.goto(url('/login'));
    pages.push(page);
  }
  stackTool('db-stop', env.stack);
  try {
    for (const page of pages) {
      const res = await page.goto(url('/verify'));
      assert.equal(res.status(), 503);
      assert.match(await text(page), /しばらくしてから/);
      await check(page, 'error-503', SITE_ONLY);
    }
  } finally {
    stackTool('db-start', env.stack);
  }
  for (const page of pages) await page.context().close();
});
