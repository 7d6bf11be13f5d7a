/**
 * Japanese UI strings: the manual's own words (SPEC.md). Components never hold
 * text; they use these keys. vue-i18n treats { } @ $ | as syntax: write them as {'@'}.
 */
export const ja = {
  app: {
    title: 'iTSCOM My PAGE',
  },
  welcome: {
    heading: 'iTSCOM マイページ',
    lead: 'iTSCOM IDの変更・パスワードの変更ができます。',
    signIn: 'マイページにログイン',
  },
  signIn: {
    heading: 'マイページにログイン',
    itscomId: 'iTSCOM ID',
    password: 'パスワード',
    submit: 'ログイン',
    submitting: 'ログインしています…',
    back: '戻る',
    invalidCredentials: 'iTSCOM IDまたはパスワードが正しくありません。',
    locked:
      'ログインに続けて失敗したため、このiTSCOM IDは一時的にロックされています。15分ほどたってから再度お試しいただくか、スタッフにお声がけください。',
    failed: 'ログインできませんでした。スタッフにお声がけください。',
  },
  header: {
    support: 'お問い合わせ・サポート',
    signOut: 'ログアウト',
  },
  menu: {
    label: 'メニュー',
    top: 'トップ',
    settings: '各種設定',
    customerInfo: 'お客さま情報確認・変更',
    help: 'ヘルプ',
  },
  support: {
    heading: 'お問い合わせ・サポート',
    body: 'お近くのスタッフにお声がけください。スタッフがご案内いたします。',
    close: '閉じる',
  },
  top: {
    heading: 'マイページトップ',
    changeCustomerInfo: 'お客さま情報を変更',
    plan: '契約プラン',
    renewal: '(更新月:{fromYear}年{fromMonth}月~{toYear}年{toMonth}月)',
    planDuration: 'プラン継続年数',
    duration: '{years}年{months}ヵ月',
    durationMonths: '{months}ヵ月',
    notices: 'お知らせ',
    noNotices: '現在お知らせはありません。',
    legacyIdNotice: 'ご利用中のiTSCOM IDはメールアドレス形式ではないため変更が必要となります。',
    legacyIdRequest: 'お手数をおかけいたしますが、以下「iTSCOM ID 変更画面へ」よりiTSCOM IDのご変更をお願いいたします。',
    toIdChange: 'iTSCOM ID 変更画面へ',
  },
  customerInfo: {
    heading: 'お客さま情報確認・変更',
    account: 'アカウント情報',
    itscomId: 'iTSCOM ID',
    changeAccount: 'アカウント情報を変更する',
  },
  account: {
    heading: 'アカウント情報の変更',
    lead: 'ご希望の「変更」ボタンをクリックしてください。',
    itscomId: 'iTSCOM ID',
    password: 'パスワード',
    passwordMasked: 'パスワード(非表示)',
    change: '変更',
    changeItscomId: 'iTSCOM IDを変更',
    changePassword: 'パスワードを変更',
    backToCustomerInfo: 'お客さま情報確認・変更へ',
    staffGuidance: 'この手続きはスタッフがご案内します。お近くのスタッフにお声がけください。',
  },
  help: {
    heading: 'ヘルプ',
    steps: [
      '「お客さま情報を変更」から、iTSCOM IDやパスワードを変更できます。',
      '画面の項目をタッチして入力してください。',
      '手続きが終わったら、必ず「ログアウト」を押してください。',
      'わからないことがあれば「お問い合わせ・サポート」を押すか、スタッフにお声がけください。',
    ],
  },
  errors: {
    required: '入力してください。',
    tooLong: '入力できる文字数を超えています。',
    invalid: '入力内容を確認してください。',
    unexpectedField: '入力内容を確認してください。',
  },
  common: {
    loading: '読み込み中…',
    loadFailed: '情報を読み込めませんでした。スタッフにお声がけください。',
  },
};

export type Messages = typeof ja;
