{{%AUTOESCAPE context="HTML"}}
{{! benefit-notice.tpl: one decision's 支給決定通知書, for the screen and, through the print stylesheet, one A4 page (the links below it are not printed). }}
<article class="benefit-notice" aria-label="支給決定通知書の内容">
<p class="benefit-notice-to">{{INSURED_NAME}} 様</p>
<p class="benefit-notice-from">{{INSURER_NAME}}</p>
<dl class="pairs">
<div><dt>保険者番号</dt><dd>{{INSURER_NUMBER}}</dd></div>
<div><dt>保険者名</dt><dd>{{INSURER_NAME}}</dd></div>
<div><dt>被保険者氏名</dt><dd>{{INSURED_NAME}}</dd></div>
<div><dt>記号</dt><dd>{{SYMBOL}}</dd></div>
<div><dt>番号</dt><dd>{{NUMBER}}</dd></div>
</dl>
<p>次のとおり給付金の支給を決定しましたので、お知らせします。</p>
<h2>支給決定の内容</h2>
<dl class="pairs">
<div><dt>決定番号</dt><dd>{{DECISION_ID}}</dd></div>
<div><dt>決定日</dt><dd>{{DECIDED_ON}}</dd></div>
<div><dt>給付の種類</dt><dd>{{KIND}}</dd></div>
<div><dt>受診者</dt><dd>{{PATIENT}}</dd></div>
<div><dt>対象診療月</dt><dd>{{SERVICE_MONTH}}</dd></div>
<div><dt>支給額</dt><dd>{{AMOUNT}}円</dd></div>
<div><dt>支払日</dt><dd>{{#PAID}}{{PAID_ON}}{{/PAID}}{{#UNPAID}}支払予定{{/UNPAID}}</dd></div>
</dl>
</article>
<div class="benefit-notice-nav">
<p class="hint">ブラウザの印刷機能で、A4用紙1枚に印刷できます。</p>
<p class="actions"><a href="/benefits?year={{YEAR}}">給付金のお知らせ</a><br><a href="/menu">メインメニュー</a></p>
</div>
