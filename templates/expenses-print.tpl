{{%AUTOESCAPE context="HTML"}}
{{! expenses-print.tpl: 医療費のお知らせ, 医療費情報's printable page: the year's claims with the six items the National Tax Agency requires of a 医療費通知 (被保険者氏名, 診療年月, 受診者, 医療機関等, 窓口負担額, 保険者名), the totals and the issue date; kosmo.css lays it out for A4, the browser's print command prints it. }}
<p class="lead">{{YEAR}}年1月から12月までに受診された分の医療費のお知らせです。確定申告の医療費控除に、医療費通知としてご利用いただけます。</p>
{{#YEARS}}
<nav class="years" aria-label="表示する年">
<ul>
{{#YEAR_LINK}}<li>{{#CURRENT}}<span aria-current="page">{{Y}}年</span>{{/CURRENT}}{{#OTHER}}<a href="/expenses/print?year={{Y}}">{{Y}}年</a>{{/OTHER}}</li>{{/YEAR_LINK}}
</ul>
</nav>
{{/YEARS}}
<dl class="pairs statement-head">
<div><dt>被保険者氏名</dt><dd>{{INSURED_NAME}} 様</dd></div>
<div><dt>保険者名</dt><dd>{{INSURER_NAME}}</dd></div>
<div><dt>対象期間</dt><dd>{{YEAR}}年1月〜12月 診療分</dd></div>
<div><dt>発行日</dt><dd>{{ISSUED_YEAR}}年{{ISSUED_MONTH}}月{{ISSUED_DAY}}日</dd></div>
</dl>
{{#EMPTY}}
<p class="empty" role="status">{{YEAR}}年の医療費情報はまだありません。医療費情報は、健康保険組合が受け付けてから2〜3か月後に掲載されます。</p>
{{/EMPTY}}
{{#CLAIMS}}
<table class="statement">
<caption>{{YEAR}}年の明細({{COUNT}}件)</caption>
<thead>
<tr><th scope="col">診療年月</th><th scope="col">受診者</th><th scope="col">医療機関等</th><th scope="col">区分</th><th scope="col">日数</th><th scope="col">医療費総額</th><th scope="col">窓口負担額</th></tr>
</thead>
<tbody>
{{#CLAIM}}
<tr><td data-label="診療年月">{{YEAR}}年{{MONTH}}月</td><td data-label="受診者">{{PATIENT}}</td><td data-label="医療機関等">{{PROVIDER}}</td><td data-label="区分">{{KIND}}</td><td class="num" data-label="日数">{{DAYS}}日</td><td class="num" data-label="医療費総額">{{TOTAL_COST}}円</td><td class="num" data-label="窓口負担額">{{SELF_PAY}}円</td></tr>
{{/CLAIM}}
</tbody>
<tfoot>
<tr><th scope="row" colspan="5">{{YEAR}}年の合計({{COUNT}}件)</th><td class="num" data-label="医療費総額">{{YEAR_TOTAL_COST}}円</td><td class="num" data-label="窓口負担額">{{YEAR_SELF_PAY}}円</td></tr>
</tfoot>
</table>
<p class="note">このお知らせの金額は、健康保険組合が受け付けた診療報酬明細書(レセプト)から計算したもので、医療機関等の窓口で実際にお支払いになった額と異なる場合があります。</p>
{{/CLAIMS}}
<p class="hint no-print">ブラウザの印刷機能で印刷してください(A4 縦)。</p>
<p class="actions"><a href="/expenses?year={{YEAR}}">医療費情報に戻る</a></p>
<p class="actions"><a href="/menu">メインメニュー</a></p>
