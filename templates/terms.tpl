{{%AUTOESCAPE context="HTML"}}
<p class="meta">版: {{TERMS_VERSION}}<br>制定日: {{TERMS_DATE}}</p>
<article class="terms-text">
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</article>
<p>ご確認のうえ、本人情報の確認の画面に戻り、「同意する」にチェックを付けてください。</p>
<p class="actions"><a class="button secondary" href="/verify">本人情報の確認へ戻る</a></p>
