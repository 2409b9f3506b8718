// benefits.test.mjs: 給付金のお知らせ in a real browser at a phone and a
// desktop size — the menu's link, a year's decisions newest first, 支払予定,
// the other year, each decision's 支給決定通知書 and that notice in print
// media (one A4 page wide, one A4 page as a PDF, the links left out) —
// found by what the pages say; axe on every screen. Run by
// tests/integration/t4004-browser-benefits.sh, which registers one member
// per size and adds their households' decisions.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { account, check, closeBrowser, follow, logIn, mainText, newContext, newPage, pagePath, url } from './kosmo.mjs';

const T = { timeout: 180000 };
// A4 is 210 mm wide: at 96 CSS px an inch, 794 px; less the print margins
// of 10 mm a side, 718 px for the page's content.
const A4_CONTENT_PX = 718;

after(closeBrowser);

// Anything wider than the window at the page's current size and media.
async function sideways(page) {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > limit) out.push(`document ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });
}

for (const vp of ['phone', 'desktop']) {
  const me = account(vp, 'benefits');
  const [family, given] = me.name.split(' ');
  const others = account(vp === 'phone' ? 'desktop' : 'phone', 'benefits').name.split(' ')[0];
  const n = me.number;
  const s = {};

  test(`${vp}: the menu links 給付金のお知らせ, which shows the newest year's decisions newest first`, T, async () => {
    s.context = await newContext(vp);
    s.page = await newPage(s.context);
    const { page } = s;
    await page.goto(url('/login'));
    await logIn(page, me.user_id, me.password);
    assert.equal(pagePath(page), '/menu');
    await follow(page, 'link', '給付金のお知らせ');
    assert.equal(pagePath(page), '/benefits');
    assert.equal(await page.locator('h1').textContent(), '給付金のお知らせ');
    assert.deepEqual(await page.locator('.card-title').allInnerTexts(),
      ['2026年5月20日 付加金', '2026年5月20日 高額療養費', '2026年2月13日 傷病手当金'],
      'newest first, one date\'s decisions by ID');
    const first = await page.locator('.card').nth(1).innerText();
    for (const [label, value] of [['決定日', '2026年5月20日'], ['給付の種類', '高額療養費'], ['受診者', me.name],
      ['対象診療月', '2026年3月'], ['支給額', '86,430円'], ['支払日', '支払予定']])
      assert.match(first, new RegExp(`${label}\\s*${value}`), `${label} ${value}`);
    assert.match(await page.locator('.card').nth(0).innerText(), /支払日\s*2026年6月10日/, 'a paid decision\'s date');
    assert.equal(await page.getByRole('link', { name: '支給決定通知書' }).count(), 3, 'each links its notice');
    const text = await mainText(page);
    assert.ok(!text.includes(others), 'nothing of the other household');
    const years = page.getByRole('navigation', { name: '表示する年' });
    assert.equal(await years.locator('[aria-current="page"]').textContent(), '2026年', '2026 is the current year');
    assert.deepEqual(await sideways(page), [], 'nothing scrolls sideways at the viewport\'s width');
    await check(page, 'benefits');
  });

  test(`${vp}: 給付金のお知らせ links the other year`, T, async () => {
    const { page } = s;
    await follow(page, 'link', '2025年');
    assert.equal(pagePath(page), '/benefits?year=2025');
    assert.deepEqual(await page.locator('.card-title').allInnerTexts(), ['2025年9月1日 出産育児一時金']);
    assert.match(await page.locator('.card').innerText(), /対象診療月\s*―[\s\S]*支給額\s*500,000円/);
    await follow(page, 'link', '2026年');
    assert.equal(pagePath(page), '/benefits?year=2026');
  });

  test(`${vp}: 支給決定通知書 shows the society, the insured person and the decision, printable on one A4 page`, T, async () => {
    const { page } = s;
    await page.getByRole('link', { name: '支給決定通知書' }).nth(1).click();
    await page.waitForLoadState('load');
    assert.equal(pagePath(page), `/benefits/notice?id=B${n}-2026-0003`);
    assert.equal(await page.locator('h1').textContent(), '給付金支給決定通知書');
    const notice = await page.getByRole('article', { name: '支給決定通知書の内容' }).innerText();
    for (const [label, value] of [['保険者名', 'サンプル健康保険組合'], ['被保険者氏名', me.name], ['記号', '4104'],
      ['番号', n], ['決定番号', `B${n}-2026-0003`], ['決定日', '2026年5月20日'], ['給付の種類', '高額療養費'],
      ['受診者', me.name], ['対象診療月', '2026年3月'], ['支給額', '86,430円'], ['支払日', '支払予定']])
      assert.match(notice, new RegExp(`${label}\\s*${value}`), `${label} ${value}`);
    assert.ok(notice.startsWith(`${family} ${given} 様`), 'addressed to the insured person');
    assert.deepEqual(await sideways(page), [], 'nothing scrolls sideways at the viewport\'s width');
    await check(page, 'benefit-notice');

    // The print media at A4's width: the notice alone, nothing wider.
    await page.emulateMedia({ media: 'print' });
    const old = page.viewportSize();
    await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
    assert.deepEqual(await sideways(page), [], 'in print, nothing is wider than A4');
    for (const hidden of ['.site-header', '.site-footer', '.benefit-notice-nav'])
      assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
    assert.ok(await page.locator('.benefit-notice').isVisible(), 'the notice is printed');
    const pdf = await page.pdf({ format: 'A4', margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' } });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || [];
    assert.equal(pages.length, 1, 'the notice prints on one A4 page');
    await page.setViewportSize(old);
    await page.emulateMedia({ media: 'screen' });

    await follow(page, 'link', '給付金のお知らせ');
    assert.equal(pagePath(page), '/benefits?year=2026');
    await follow(page, 'link', 'メインメニュー');
    assert.equal(pagePath(page), '/menu');
    await s.context.close();
  });
}
