{{%AUTOESCAPE context="HTML"}}
{{#FORM_ERROR_SECTION}}<p class="form-error" id="form-error"{{#FORM_ALERT}} role="alert"{{/FORM_ALERT}}{{#FORM_NOTICE}} data-kind="notice" role="status"{{/FORM_NOTICE}} tabindex="-1" autofocus>{{FORM_ERROR}}</p>{{/FORM_ERROR_SECTION}}
<p class="lead">KOSMO Communication Web利用規約が改定されました。内容をご確認のうえ、同意する場合はチェックを付けて「確認」ボタンを押してください。</p>
<p class="meta">版: {{TERMS_VERSION}}<br>制定日: {{TERMS_DATE}}</p>
<article class="terms-text" aria-label="KOSMO Communication Web利用規約">
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</article>
<form method="post" action="/terms/new" class="form" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <div class="field terms{{#AGREE_INVALID}} has-error{{/AGREE_INVALID}}">
    <div class="check">
      <input type="checkbox" id="agree" name="agree" value="1" required{{#AGREE_INVALID}} aria-describedby="agree-error" aria-invalid="true"{{/AGREE_INVALID}}>
      <label for="agree">KOSMO Communication Web利用規約に同意する</label>
    </div>
    {{#AGREE_INVALID}}<p class="field-error" id="agree-error">{{AGREE_ERROR}}</p>{{/AGREE_INVALID}}
  </div>
  <div class="actions">
    <button type="submit" class="primary">確認</button>
  </div>
</form>
<form method="post" action="/logout" class="actions">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="secondary">ログアウト</button>
</form>
