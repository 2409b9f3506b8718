{{%AUTOESCAPE context="HTML"}}
{{! benefits.tpl: 給付金のお知らせ, the household's decisions of one year as cards (a wide table would scroll sideways on a phone), each linking its printable 支給決定通知書. }}
{{#EMPTY}}
<p class="empty" role="status">給付金のお知らせはまだありません。健康保険組合が給付金(高額療養費など)の支給を決定すると、ここに掲載されます。</p>
{{/EMPTY}}
{{#DECISIONS}}
<p class="lead">{{YEAR}}年に支給を決定した給付金です(新しい決定から順に表示しています)。ご家族(被扶養者)の分も含みます。</p>
{{/DECISIONS}}
{{#YEARS}}
<nav class="years" aria-label="表示する年">
<ul>
{{#YEAR_LINK}}<li>{{#CURRENT}}<span aria-current="page">{{Y}}年</span>{{/CURRENT}}{{#OTHER}}<a href="/benefits?year={{Y}}">{{Y}}年</a>{{/OTHER}}</li>{{/YEAR_LINK}}
</ul>
</nav>
{{/YEARS}}
{{#DECISIONS}}
<h2>{{YEAR}}年の支給決定({{COUNT}}件)</h2>
<ol class="cards">
{{#DECISION}}
<li class="card">
<h3 class="card-title" id="decision-{{DECISION_ID}}">{{DECIDED_ON}} {{KIND}}</h3>
<dl class="pairs">
<div><dt>決定日</dt><dd>{{DECIDED_ON}}</dd></div>
<div><dt>給付の種類</dt><dd>{{KIND}}</dd></div>
<div><dt>受診者</dt><dd>{{PATIENT}}</dd></div>
<div><dt>対象診療月</dt><dd>{{SERVICE_MONTH}}</dd></div>
<div><dt>支給額</dt><dd>{{AMOUNT}}円</dd></div>
<div><dt>支払日</dt><dd>{{#PAID}}{{PAID_ON}}{{/PAID}}{{#UNPAID}}支払予定{{/UNPAID}}</dd></div>
</dl>
<p class="benefit-link"><a href="/benefits/notice?id={{DECISION_ID}}" aria-describedby="decision-{{DECISION_ID}}">支給決定通知書</a></p>
</li>
{{/DECISION}}
</ol>
{{/DECISIONS}}
<p class="actions"><a href="/menu">メインメニュー</a></p>
