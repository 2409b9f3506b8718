// portal.test.mjs: the member's portal in a real browser at a phone and a
// desktop size — メインメニュー, 医療費情報 (its years, the CSV download, the
// printable 医療費のお知らせ in print media on A4), 資格情報 and 登録情報の変更
// (password, mail address with the link from the mail, notices) — found
// by what the pages say; axe on every screen. Run by
// tests/integration/t4002-browser-portal.sh, which registers one member per
// size and imports their claims and households.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';

import {
  account, assertFieldError, check, closeBrowser, follow, logIn, mainText, mailsTo, newContext, newMailTo,
  newPage, pagePath, SITE_ONLY, url,
} from './kosmo.mjs';

const T = { timeout: 180000 };
const CONFIRM_LINK = /http:\/\/\S+\/settings\/email\/confirm\?token=[A-Za-z0-9_-]+/;

after(closeBrowser);

for (const vp of ['phone', 'desktop']) {
  const me = account(vp, 'portal');
  const family = me.name.split(' ')[0];
  const others = account(vp === 'phone' ? 'desktop' : 'phone', 'portal').name.split(' ')[0];
  const s = { password: me.password };  // one session for the whole file, and what changes

  test(`${vp}: the main menu names the member, links the three pages and says when the password expires`, T, async () => {
    s.context = await newContext(vp);
    s.page = await newPage(s.context);
    await s.page.goto(url('/login'));
    await logIn(s.page, me.user_id, me.password);
    assert.equal(pagePath(s.page), '/menu');
    assert.equal(await s.page.locator('h1').textContent(), 'メインメニュー');
    const body = await mainText(s.page);
    assert.ok(body.includes(`${me.name} 様`), 'the member is named');
    assert.match(body, /パスワードの有効期限: \d{4}年\d{1,2}月\d{1,2}日/, 'the date the password expires');
    for (const name of ['医療費情報', '資格情報', '登録情報の変更'])
      assert.ok(await s.page.getByRole('link', { name, exact: true }).isVisible(), `a link ${name}`);
    assert.ok(await s.page.getByRole('button', { name: 'ログアウト' }).isVisible(), 'a ログアウト button');
    await check(s.page, 'menu');
  });

  test(`${vp}: 医療費情報 shows the household's claims of the newest year, newest month first, with the totals`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '医療費情報');
    assert.equal(pagePath(page), '/expenses');
    assert.match(await mainText(page), /2026年に受診された分/);
    const cards = await page.locator('.card-title').allInnerTexts();
    assert.deepEqual(cards, [`2026年4月 ${me.name}`, `2026年3月 ${family} 優子`, `2026年1月 ${family} 一郎`],
      'the dependents too, newest month first');
    const totals = page.getByRole('region', { name: '2026年の合計(3件)' });
    assert.match(await totals.innerText(), /医療費総額\s*20,040円[\s\S]*窓口負担額\s*6,012円/, 'the year\'s totals in yen');
    assert.ok(!(await mainText(page)).includes(others), 'nothing of the other household');
    const years = page.getByRole('navigation', { name: '表示する年' });
    assert.equal(await years.locator('[aria-current="page"]').textContent(), '2026年', '2026 is the current year');
    await check(page, 'expenses');
  });

  test(`${vp}: 医療費情報's CSVダウンロード gives the year for the tax deduction`, T, async () => {
    const { page } = s;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSVダウンロード' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'iryouhi-2026.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines[0], '\ufeff診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名',
      'a BOM and the header');
    assert.equal(lines[1], `2026/04,${me.name},"さくら病院, 内科",外来,2,12340,3702,${me.name},サンプル健康保険組合`,
      'the newest claim first, with the insured person and the society');
    assert.equal(lines.length, 4, 'one line per claim of the year');
    assert.equal(pagePath(page), '/expenses', 'the page stays');
    // Chromium may report a download's request as aborted: that one is no
    // problem of the page.
    const csvUrl = url('/expenses/csv?year=2026');
    page.problems = page.problems.filter((p) => p !== `request failed: ${csvUrl}`);
  });

  test(`${vp}: 印刷用ページ gives 医療費のお知らせ with the six items, and in print it fits A4 paper`, T, async () => {
    const { page } = s;
    await page.goto(url('/expenses'));
    await follow(page, 'link', '印刷用ページ');
    assert.equal(pagePath(page), '/expenses/print?year=2026');
    assert.equal(await page.locator('h1').textContent(), '医療費のお知らせ');
    const body = await mainText(page);
    assert.match(body, new RegExp(`被保険者氏名\\s*${me.name} 様`), 'the insured person');
    assert.match(body, /保険者名\s*サンプル健康保険組合/, 'the society');
    assert.match(body, /発行日\s*\d{4}年\d{1,2}月\d{1,2}日/, 'the date it was issued');
    const rows = await page.locator('table.statement tbody tr').allInnerTexts();
    assert.equal(rows.length, 3, 'every claim of 2026');
    assert.match(rows[0], new RegExp(`2026年4月[\\s\\S]*${me.name}[\\s\\S]*さくら病院, 内科[\\s\\S]*3,702円`),
      'each with 診療年月, 受診者, 医療機関等 and 窓口負担額');
    assert.match(await page.locator('table.statement tfoot').innerText(), /20,040円[\s\S]*6,012円/, 'the totals');
    assert.match(body, /窓口で実際にお支払いになった額と異なる場合があります/, 'what the amounts are');
    assert.ok(!body.includes(others), 'nothing of the other household');
    await check(page, 'expenses-print');

    // On paper: A4 less 15 mm on each side, at 96 px an inch.
    const paper = Math.floor(((210 - 2 * 15) / 25.4) * 96);
    const screen = page.viewportSize();
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: paper, height: 1100 });
    const printed = await page.evaluate((limit) => {
      const wide = [];
      if (document.documentElement.scrollWidth > limit) wide.push(`document ${document.documentElement.scrollWidth}px`);
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5))
          wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
      const shown = (sel) => [...document.querySelectorAll(sel)].some((el) => el.getClientRects().length > 0);
      return {
        wide: wide.slice(0, 5),
        hidden: ['.site-header', '.site-footer', 'nav', '.actions', '.no-print'].filter(shown),
        table: shown('table.statement') && shown('.statement-head') && shown('.note'),
      };
    }, paper);
    await page.emulateMedia({ media: null });
    await page.setViewportSize(screen);
    assert.deepEqual(printed.wide, [], `nothing is wider than A4's ${paper} px`);
    assert.deepEqual(printed.hidden, [], 'the frame, navigation and links are not printed');
    assert.ok(printed.table, 'the six items, the claims and the sentence are');
    await follow(page, 'link', '医療費情報に戻る');
    assert.equal(pagePath(page), '/expenses?year=2026');
  });

  test(`${vp}: 医療費情報 links the other year with data, and a year without any says so`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '2025年');
    assert.equal(pagePath(page), '/expenses?year=2025');
    assert.deepEqual(await page.locator('.card-title').allInnerTexts(), [`2025年11月 ${me.name}`]);
    assert.match(await mainText(page), /1,450,000円/, 'a million yen has two separators');
    assert.ok(await page.getByRole('link', { name: '2026年', exact: true }).isVisible(), 'and a link back to 2026');
    await check(page, 'expenses-2025');

    await page.goto(url('/expenses?year=2019'));
    assert.match(await page.getByRole('status').innerText(), /2019年の医療費情報はまだありません/);
    assert.equal(await page.getByRole('link', { name: 'CSVダウンロード' }).count(), 0, 'nothing to download');
    await check(page, 'expenses-empty');
    await follow(page, 'link', 'メインメニュー');
    assert.equal(pagePath(page), '/menu', 'every portal page links back to the menu');
  });

  test(`${vp}: 資格情報 shows the insurer, 記号 and 番号 and each person of the household`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '資格情報');
    assert.equal(pagePath(page), '/eligibility');
    const body = await mainText(page);
    for (const want of [/保険者番号\s*06279996/, /保険者名\s*サンプル健康保険組合/, new RegExp(`記号\\s*4101\\s*番号\\s*${me.number}\\b`)])
      assert.match(body, want);
    assert.deepEqual(await page.locator('.card-title').allInnerTexts(),
      [`${me.name}(本人)`, `${family} 優子(配偶者)`, `${family} 一郎(子)`], 'the insured person first');
    assert.match(body, /資格喪失日\s*2025年3月31日/, 'a lost eligibility has its date');
    assert.match(body, /―\(加入中\)/, 'and one still insured says so');
    assert.ok(!body.includes(others), 'nothing of the other household');
    await check(page, 'eligibility');
    await follow(page, 'link', 'メインメニュー');
    assert.equal(pagePath(page), '/menu');
  });

  test(`${vp}: 登録情報の変更 changes the password after pointing at a wrong current one and a weak new one`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '登録情報の変更');
    assert.equal(pagePath(page), '/settings');
    await check(page, 'settings');

    const form = () => page.getByRole('form', { name: 'パスワードの変更' });
    const change = async (current, next, confirm) => {
      await form().getByLabel('現在のパスワード', { exact: true }).fill(current);
      await form().getByLabel('新しいパスワード', { exact: true }).fill(next);
      await form().getByLabel('新しいパスワード確認用').fill(confirm);
      await form().getByRole('button', { name: '変更' }).click();
      await page.waitForLoadState('load');
    };
    await change('Wrong2026zz', 'Fresh2026pw', 'Fresh2026pw');
    await assertFieldError(form(), '現在のパスワード', /現在のパスワードが正しくありません/);
    await change(s.password, 'short1', 'short1');
    await assertFieldError(form(), '新しいパスワード', /8桁以上/);
    assert.equal(await form().getByLabel('新しいパスワード', { exact: true }).inputValue(), '', 'passwords are never echoed');
    await check(page, 'settings-password-errors');

    const fresh = `${s.password}x`;
    await change(s.password, fresh, fresh);
    assert.equal(pagePath(page), '/settings?done=password');
    assert.match(await page.getByRole('status').innerText(), /パスワードを変更しました/);
    s.password = fresh;
    await check(page, 'settings-password-done');
  });

  test(`${vp}: a new mail address is asked for by mail and changes when the link's page is confirmed`, T, async () => {
    const { page } = s;
    const form = () => page.getByRole('form', { name: 'メールアドレスの変更' });
    const request = async (address, password) => {
      await form().getByLabel('新しいメールアドレス').fill(address);
      await form().getByLabel('現在のパスワード', { exact: true }).fill(password);
      await form().getByRole('button', { name: '変更' }).click();
      await page.waitForLoadState('load');
    };
    await request(`${me.user_id}@gmail.com`, s.password);
    await assertFieldError(form(), '新しいメールアドレス', /会社のメールアドレス/);
    assert.equal(await form().getByLabel('新しいメールアドレス').inputValue(), `${me.user_id}@gmail.com`, 'the entry is kept');
    await check(page, 'settings-email-errors');

    const address = `new.${me.email}`;
    const before = mailsTo(address, CONFIRM_LINK).length;
    await request(address, s.password);
    assert.equal(pagePath(page), '/settings?done=email_sent');
    assert.match(await page.getByRole('status').innerText(), /メールアドレス確認のお願い/);
    await check(page, 'settings-email-sent');

    const [link] = await newMailTo(address, CONFIRM_LINK, before);
    await page.goto(link);
    assert.equal(await page.locator('h1').textContent(), 'メールアドレスの確認');
    assert.match(await mainText(page), new RegExp(`新しいメールアドレス\\s*${address.replace(/\./g, '\\.')}`));
    await check(page, 'email-confirm', SITE_ONLY);
    await follow(page, 'button', '確定');
    assert.match(await page.getByRole('status').innerText(), /メールアドレスを変更しました/);
    await check(page, 'email-changed', SITE_ONLY);

    // The link once more: used.
    await page.goto(link);
    assert.match(await page.getByRole('alert').innerText(), /使用済みか、有効期限/);
    assert.equal(await page.getByRole('button', { name: '確定' }).count(), 0, 'nothing to confirm');
    await check(page, 'email-confirm-used', SITE_ONLY);
  });

  test(`${vp}: the notices can be turned off and on again`, T, async () => {
    const { page } = s;
    await page.goto(url('/settings'));
    assert.match(await mainText(page), new RegExp(`現在のメールアドレス: new\\.${me.email.replace(/\./g, '\\.')}`),
      'the settings show the new address');
    const box = page.getByLabel('更新のお知らせメールを受け取る');
    assert.ok(await box.isChecked(), 'on by default');
    await box.uncheck();
    await follow(page, 'button', '保存');
    assert.equal(pagePath(page), '/settings?done=notices');
    assert.match(await page.getByRole('status').innerText(), /保存しました/);
    assert.ok(!(await page.getByLabel('更新のお知らせメールを受け取る').isChecked()), 'the box shows it off');
    await check(page, 'settings-notices-off');
    await page.getByLabel('更新のお知らせメールを受け取る').check();
    await follow(page, 'button', '保存');
    assert.ok(await page.getByLabel('更新のお知らせメールを受け取る').isChecked(), 'and on again');

    await follow(page, 'link', 'メインメニュー');
    await follow(page, 'button', 'ログアウト');
    assert.equal(pagePath(page), '/login');
    await s.context.close();
  });
}
