{{%AUTOESCAPE context="HTML"}}
<p class="lead">加入している健康保険の資格情報です。</p>
<dl class="pairs">
<div><dt>保険者番号</dt><dd>{{INSURER_NUMBER}}</dd></div>
<div><dt>保険者名</dt><dd>{{INSURER_NAME}}</dd></div>
<div><dt>記号</dt><dd>{{SYMBOL}}</dd></div>
<div><dt>番号</dt><dd>{{NUMBER}}</dd></div>
</dl>
{{#EMPTY}}
<p class="empty" role="status">資格情報はまだありません。掲載されるまでしばらくお待ちください。</p>
{{/EMPTY}}
{{#PEOPLE}}
<h2>被保険者・被扶養者</h2>
<ol class="cards">
{{#PERSON}}
<li class="card">
<h3 class="card-title">{{NAME}}({{RELATIONSHIP}})</h3>
<dl class="pairs">
<div><dt>氏名</dt><dd>{{NAME}}</dd></div>
<div><dt>続柄</dt><dd>{{RELATIONSHIP}}</dd></div>
<div><dt>生年月日</dt><dd>{{BIRTH_YEAR}}年{{BIRTH_MONTH}}月{{BIRTH_DAY}}日</dd></div>
<div><dt>資格取得日</dt><dd>{{ACQUIRED_YEAR}}年{{ACQUIRED_MONTH}}月{{ACQUIRED_DAY}}日</dd></div>
<div><dt>資格喪失日</dt><dd>{{#INSURED}}―(加入中){{/INSURED}}{{#LOST}}{{LOST_YEAR}}年{{LOST_MONTH}}月{{LOST_DAY}}日{{/LOST}}</dd></div>
</dl>
</li>
{{/PERSON}}
</ol>
{{/PEOPLE}}
<p class="actions"><a href="/menu">メインメニュー</a></p>
