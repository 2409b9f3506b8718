{{%AUTOESCAPE context="HTML"}}
<p class="lead">{{YEAR}}年に受診された分の医療費です(新しい月から順に表示しています)。ご家族(被扶養者)の分も含みます。</p>
{{#YEARS}}
<nav class="years" aria-label="表示する年">
<ul>
{{#YEAR_LINK}}<li>{{#CURRENT}}<span aria-current="page">{{Y}}年</span>{{/CURRENT}}{{#OTHER}}<a href="/expenses?year={{Y}}">{{Y}}年</a>{{/OTHER}}</li>{{/YEAR_LINK}}
</ul>
</nav>
{{/YEARS}}
{{#EMPTY}}
<p class="empty" role="status">{{YEAR}}年の医療費情報はまだありません。医療費情報は、健康保険組合が受け付けてから2〜3か月後に掲載されます。</p>
{{/EMPTY}}
{{#CLAIMS}}
<section class="totals" aria-labelledby="totals-title">
<h2 id="totals-title">{{YEAR}}年の合計({{COUNT}}件)</h2>
<dl class="pairs">
<div><dt>医療費総額</dt><dd>{{YEAR_TOTAL_COST}}円</dd></div>
<div><dt>窓口負担額</dt><dd>{{YEAR_SELF_PAY}}円</dd></div>
</dl>
<p class="actions"><a class="button secondary" href="/expenses/csv?year={{YEAR}}" download>CSVダウンロード</a></p>
<p class="hint">医療費控除の申告にご利用いただけます(UTF-8の CSV ファイル)。</p>
<p class="actions"><a class="button secondary" href="/expenses/print?year={{YEAR}}">印刷用ページ</a></p>
<p class="hint">{{YEAR}}年の「医療費のお知らせ」を A4 の用紙に印刷できます。</p>
</section>
<h2>明細</h2>
<ol class="cards">
{{#CLAIM}}
<li class="card">
<h3 class="card-title">{{YEAR}}年{{MONTH}}月 {{PATIENT}}</h3>
<dl class="pairs">
<div><dt>診療年月</dt><dd>{{YEAR}}年{{MONTH}}月</dd></div>
<div><dt>受診者</dt><dd>{{PATIENT}}</dd></div>
<div><dt>医療機関等</dt><dd>{{PROVIDER}}</dd></div>
<div><dt>区分</dt><dd>{{KIND}}</dd></div>
<div><dt>日数</dt><dd>{{DAYS}}日</dd></div>
<div><dt>医療費総額</dt><dd>{{TOTAL_COST}}円</dd></div>
<div><dt>窓口負担額</dt><dd>{{SELF_PAY}}円</dd></div>
</dl>
</li>
{{/CLAIM}}
</ol>
{{/CLAIMS}}
<p class="actions"><a href="/menu">メインメニュー</a></p>
